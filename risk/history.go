package risk

import (
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/order"
	"github.com/google/uuid"
)

// Request is a return or refund request to decide, with the order it is
// against (for the delivery time and the items' categories).
type Request struct {
	Return order.Return `json:"return"`
	Order  order.Order  `json:"order"`
}

// History is what is known about a customer: plain data, gathered from a
// store by LoadHistory or from anywhere else. Records may run past the
// moment of a decision; Evaluate and FitPopulation look only at what was
// known then (orders placed, paid, delivered or cancelled, returns requested
// and resolved before it), so a history loaded today can replay last year's
// requests without look-ahead.
type History struct {
	CustomerID uuid.UUID `json:"customer_id"`
	// AccountCreated is when the customer signed up; zero when unknown.
	AccountCreated time.Time `json:"account_created,omitzero"`
	// Orders are the customer's orders, in any order.
	Orders []order.Order `json:"orders"`
	// Returns are the customer's return requests, in any order. The request
	// being decided may be among them; Evaluate leaves it out by ID.
	Returns []order.Return `json:"returns"`
	// Reviews are the customer's product reviews.
	Reviews []Rating `json:"reviews,omitempty"`
	// Behaviour counts the customer's behaviour events by kind, as of the
	// moment the history was gathered: context for the person reviewing a
	// decision. No rule scores it, as counts cannot be rewound in time.
	Behaviour map[behavior.Kind]int `json:"behaviour,omitempty"`
}

// Rating is a customer's review score of a product.
type Rating struct {
	ProductID string    `json:"product_id"`
	OrderID   uuid.UUID `json:"order_id,omitzero"`
	Stars     int       `json:"stars"` // 1–5
	At        time.Time `json:"at"`
}

// RatingsFrom picks the review scores out of behaviour events.
func RatingsFrom(events []behavior.Event) []Rating {
	var rs []Rating
	for i := range events {
		e := &events[i]
		if e.Kind == behavior.KindReview && e.Rating >= 1 && e.Rating <= 5 {
			rs = append(rs, Rating{ProductID: e.ProductID, OrderID: e.OrderID, Stars: e.Rating, At: e.At})
		}
	}
	return rs
}

// countsAt reports whether the order counted as a sale at t: placed and
// paid before t and not cancelled by then. Orders without a payment time
// (imports) fall back on their status.
func countsAt(o *order.Order, t time.Time) bool {
	if !o.PlacedAt.Before(t) {
		return false
	}
	if !o.CancelledAt.IsZero() && o.CancelledAt.Before(t) {
		return false
	}
	if !o.PaidAt.IsZero() {
		return o.PaidAt.Before(t)
	}
	return o.Counts()
}

// deliveredAt reports whether the order had arrived before t.
func deliveredAt(o *order.Order, t time.Time) bool {
	return !o.DeliveredAt.IsZero() && o.DeliveredAt.Before(t)
}

// statusAt returns the return's status as it stood at t: a request resolved
// at or after t was still pending then.
func statusAt(r *order.Return, t time.Time) order.ReturnStatus {
	if r.ResolvedAt.IsZero() || !r.ResolvedAt.Before(t) {
		return order.ReturnRequested
	}
	return r.Status
}
