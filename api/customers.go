package api

import (
	"errors"
	"net/http"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// CustomerPage is one page of a customer listing. NextCursor, when not
// empty, is passed as ?cursor= to get the next page.
type CustomerPage struct {
	Items      []customer.Customer `json:"items"`
	NextCursor string              `json:"next_cursor,omitempty"`
}

// MergeRequest names the profile folded into the one in the path.
type MergeRequest struct {
	DropID uuid.UUID `json:"drop_id"`
}

func (h *Handler) createCustomer(r *http.Request, body []byte) (int, any, error) {
	var c customer.Customer
	if err := decodeJSON(body, &c); err != nil {
		return 0, nil, err
	}
	// The store owns versions and timestamps of new profiles.
	c.Version, c.UpdatedAt = 0, c.CreatedAt
	if err := h.guarded.CreateCustomer(r.Context(), &c); err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, c, nil
}

func (h *Handler) getCustomer(r *http.Request, _ []byte) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	c, err := h.guarded.GetCustomer(r.Context(), id)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, c, nil
}

// updateCustomer replaces the profile; the body carries the version it was
// read at, and a stale version is a 409.
func (h *Handler) updateCustomer(r *http.Request, body []byte) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	var c customer.Customer
	if err := decodeJSON(body, &c); err != nil {
		return 0, nil, err
	}
	switch {
	case c.ID != uuid.Nil && c.ID != id:
		return 0, nil, badRequest("id", c.ID.String(), "the body's id differs from the path's")
	case c.Version <= 0:
		return 0, nil, &customer.ValidationError{Field: "version", Value: "0", Reason: "an update must carry the version it was read at"}
	}
	c.ID = id
	if err := h.guarded.UpdateCustomer(r.Context(), &c); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, c, nil
}

func (h *Handler) deleteCustomer(r *http.Request, _ []byte) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	if err := h.guarded.DeleteCustomer(r.Context(), id); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, map[string]any{"id": id, "deleted": true}, nil
}

func (h *Handler) mergeCustomers(r *http.Request, body []byte) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	var m MergeRequest
	if err := decodeJSON(body, &m); err != nil {
		return 0, nil, err
	}
	if m.DropID == uuid.Nil {
		return 0, nil, &customer.ValidationError{Field: "drop_id", Value: "", Reason: "required"}
	}
	c, err := h.guarded.MergeCustomers(r.Context(), id, m.DropID)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, c, nil
}

// listCustomers pages through profiles by creation, or finds one by
// ?email= or ?external_id=.
func (h *Handler) listCustomers(r *http.Request, _ []byte) (int, any, error) {
	q := r.URL.Query()
	limit, err := queryInt(r, "limit", DefaultPageSize, 1, MaxPageSize)
	if err != nil {
		return 0, nil, err
	}
	if ext := q.Get("external_id"); ext != "" {
		c, err := h.guarded.GetCustomerByExternalID(r.Context(), ext)
		switch {
		case errors.Is(err, store.ErrNotFound):
			return http.StatusOK, CustomerPage{Items: []customer.Customer{}}, nil
		case err != nil:
			return 0, nil, err
		}
		if email := q.Get("email"); email != "" && customer.EmailKey(email) != customer.EmailKey(c.Email) {
			return http.StatusOK, CustomerPage{Items: []customer.Customer{}}, nil
		}
		return http.StatusOK, CustomerPage{Items: []customer.Customer{c}}, nil
	}
	f := store.CustomerFilter{Email: q.Get("email"), Tag: q.Get("tag"), After: q.Get("cursor"), Limit: limit + 1}
	items, next, err := store.Collect(h.guarded.Customers(r.Context(), f), limit, store.CustomerCursor)
	if err != nil {
		return 0, nil, err
	}
	if items == nil {
		items = []customer.Customer{}
	}
	return http.StatusOK, CustomerPage{Items: items, NextCursor: next}, nil
}
