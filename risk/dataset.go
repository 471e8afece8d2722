package risk

import (
	"slices"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// Dataset is a shop's records in memory, for FitPopulation and Backtest
// without a store.
type Dataset struct {
	Customers []customer.Customer
	Orders    []order.Order
	Returns   []order.Return
	// Events may hold every behaviour event; only reviews are used.
	Events []behavior.Event
}

// Histories groups the dataset by customer: one History per customer with
// an order, a return or a review, ordered by customer ID (byte order). The
// histories share the dataset's records' slices of lines and items; treat
// them as read-only.
func (d *Dataset) Histories() []History {
	byID := map[uuid.UUID]*History{}
	get := func(id uuid.UUID) *History {
		h, ok := byID[id]
		if !ok {
			h = &History{CustomerID: id}
			byID[id] = h
		}
		return h
	}
	for _, o := range d.Orders {
		h := get(o.CustomerID)
		h.Orders = append(h.Orders, o)
	}
	for _, r := range d.Returns {
		h := get(r.CustomerID)
		h.Returns = append(h.Returns, r)
	}
	for i := range d.Events {
		e := &d.Events[i]
		if e.Kind == behavior.KindReview && !e.Anonymous() {
			h := get(e.CustomerID)
			h.Reviews = append(h.Reviews, RatingsFrom(d.Events[i:i+1])...)
		}
	}
	for i := range d.Customers {
		if h, ok := byID[d.Customers[i].ID]; ok {
			h.AccountCreated = d.Customers[i].CreatedAt
		}
	}
	ids := make([]uuid.UUID, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, store.CompareIDs)
	hs := make([]History, len(ids))
	for i, id := range ids {
		hs[i] = *byID[id]
	}
	return hs
}
