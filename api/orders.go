package api

import (
	"net/http"
	"time"

	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/recommend"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// OrderPage is one page of a customer's orders, newest first.
type OrderPage struct {
	Items      []order.Order `json:"items"`
	NextCursor string        `json:"next_cursor,omitempty"`
}

// StatusUpdate moves an order along its life cycle. Version, when not
// zero, must be the order's current version (otherwise 409); At defaults
// to now.
type StatusUpdate struct {
	Status  order.Status `json:"status"`
	Version int64        `json:"version,omitempty"`
	At      time.Time    `json:"at,omitzero"`
}

// createOrder stores a new order. Defaults fill what a shop often leaves
// out: status pending, placed_at now, and the total computed from the lines
// when absent (zero).
func (h *Handler) createOrder(r *http.Request, body []byte) (int, any, error) {
	var o order.Order
	if err := decodeJSON(body, &o); err != nil {
		return 0, nil, err
	}
	if o.Status == "" {
		o.Status = order.StatusPending
	}
	if o.PlacedAt.IsZero() {
		o.PlacedAt = h.opts.Now()
	}
	if o.Total.IsZero() {
		o.Total = o.ComputeTotal()
	}
	o.Version, o.UpdatedAt = 0, time.Time{}
	if err := h.guarded.CreateOrder(r.Context(), &o); err != nil {
		return 0, nil, err
	}
	if add, ok := h.opts.Recommender.(eventAdder); ok && o.Counts() {
		if err := add.AddEvents(o.CustomerID.String(), recommend.OrderEvents([]order.Order{o})...); err != nil {
			h.opts.Logger.Warn("api: recommender rejected a fresh order", "order", o.ID, "err", err)
		}
	}
	return http.StatusCreated, o, nil
}

func (h *Handler) getOrder(r *http.Request, _ []byte) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	o, err := h.guarded.GetOrder(r.Context(), id)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, o, nil
}

func (h *Handler) updateOrderStatus(r *http.Request, body []byte) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	var u StatusUpdate
	if err := decodeJSON(body, &u); err != nil {
		return 0, nil, err
	}
	if !u.Status.Valid() {
		return 0, nil, &order.ValidationError{Field: "status", Value: string(u.Status), Reason: "unknown status"}
	}
	if u.Version < 0 {
		return 0, nil, &order.ValidationError{Field: "version", Value: "negative", Reason: "must not be negative"}
	}
	o, err := h.guarded.GetOrder(r.Context(), id)
	if err != nil {
		return 0, nil, err
	}
	if u.Version != 0 && u.Version != o.Version {
		return 0, nil, problem(http.StatusConflict, ProblemConflict, "the order has changed since the version given; read it again")
	}
	at := u.At
	if at.IsZero() {
		at = h.opts.Now()
	}
	if err := o.Transition(u.Status, store.Timestamp(at)); err != nil {
		return 0, nil, err
	}
	if err := h.guarded.UpdateOrder(r.Context(), &o); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, o, nil
}

func (h *Handler) listCustomerOrders(r *http.Request, _ []byte) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	limit, err := queryInt(r, "limit", DefaultPageSize, 1, MaxPageSize)
	if err != nil {
		return 0, nil, err
	}
	f := store.OrderFilter{CustomerID: id, Desc: true, After: r.URL.Query().Get("cursor"), Limit: limit + 1}
	if s := r.URL.Query().Get("status"); s != "" {
		if !order.Status(s).Valid() {
			return 0, nil, badRequest("status", clip(s), "unknown order status")
		}
		f.Statuses = []order.Status{order.Status(s)}
	}
	items, next, err := store.Collect(h.guarded.Orders(r.Context(), f), limit, store.OrderCursor)
	if err != nil {
		return 0, nil, err
	}
	if items == nil {
		items = []order.Order{}
	}
	return http.StatusOK, OrderPage{Items: items, NextCursor: next}, nil
}

// createReturn stores a return request. Defaults: status requested,
// requested_at now, the customer of the order, and the amount summed from
// the items when absent (zero).
func (h *Handler) createReturn(r *http.Request, body []byte) (int, any, error) {
	var ret order.Return
	if err := decodeJSON(body, &ret); err != nil {
		return 0, nil, err
	}
	if ret.Status == "" {
		ret.Status = order.ReturnRequested
	}
	if ret.RequestedAt.IsZero() {
		ret.RequestedAt = h.opts.Now()
	}
	if ret.Amount.IsZero() {
		ret.Amount = ret.ComputeAmount()
	}
	if ret.CustomerID == uuid.Nil && ret.OrderID != uuid.Nil {
		o, err := h.guarded.GetOrder(r.Context(), ret.OrderID)
		if err != nil {
			return 0, nil, err
		}
		ret.CustomerID = o.CustomerID
	}
	ret.Version, ret.UpdatedAt = 0, time.Time{}
	if err := h.guarded.CreateReturn(r.Context(), &ret); err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, ret, nil
}

func (h *Handler) getReturn(r *http.Request, _ []byte) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	ret, err := h.guarded.GetReturn(r.Context(), id)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, ret, nil
}

func (h *Handler) stats(r *http.Request, _ []byte) (int, any, error) {
	s, err := h.guarded.Stats(r.Context())
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, s, nil
}
