package order

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// ReturnStatus is where a return or refund request stands.
type ReturnStatus string

// The return statuses: a request is decided (approved or rejected) and an
// approved one is refunded when the money goes back.
const (
	ReturnRequested ReturnStatus = "requested"
	ReturnApproved  ReturnStatus = "approved"
	ReturnRejected  ReturnStatus = "rejected"
	ReturnRefunded  ReturnStatus = "refunded"
)

// Valid reports whether s is a known return status.
func (s ReturnStatus) Valid() bool {
	return s == ReturnRequested || s == ReturnApproved || s == ReturnRejected || s == ReturnRefunded
}

// Return is a customer's request to send items back or to get money back for
// an order. RefundOnly marks a refund without goods coming back (e.g. an item
// that never arrived).
type Return struct {
	ID          uuid.UUID       `json:"id"`
	OrderID     uuid.UUID       `json:"order_id"`
	CustomerID  uuid.UUID       `json:"customer_id"`
	Items       []ReturnItem    `json:"items"`
	Reason      string          `json:"reason"`
	RefundOnly  bool            `json:"refund_only,omitempty"`
	Amount      decimal.Decimal `json:"amount"` // the money asked back: the sum of the items' amounts
	Status      ReturnStatus    `json:"status"`
	RequestedAt time.Time       `json:"requested_at"`
	ResolvedAt  time.Time       `json:"resolved_at,omitzero"`
	UpdatedAt   time.Time       `json:"updated_at"`
	Version     int64           `json:"version"`
}

// ReturnItem is one product of a return with the money asked back for it.
type ReturnItem struct {
	ProductID string          `json:"product_id"`
	Quantity  int             `json:"quantity"`
	Amount    decimal.Decimal `json:"amount"`
}

// ComputeAmount returns the sum of the items' amounts.
func (r *Return) ComputeAmount() decimal.Decimal {
	sum := decimal.Zero
	for _, it := range r.Items {
		sum = sum.Add(it.Amount)
	}
	return sum
}

// Clone returns a deep copy.
func (r Return) Clone() Return {
	r.Items = slices.Clone(r.Items)
	return r
}

// Validate checks the return on its own and returns the first fault as a
// *ValidationError; ValidateAgainst also checks it against its order.
func (r *Return) Validate() error {
	switch {
	case r.OrderID == uuid.Nil:
		return invalid("order_id", "", "required")
	case r.CustomerID == uuid.Nil:
		return invalid("customer_id", "", "required")
	case !r.Status.Valid():
		return invalid("status", string(r.Status), "unknown return status")
	case r.RequestedAt.IsZero():
		return invalid("requested_at", "", "required")
	case len(r.Items) == 0:
		return invalid("items", "", "a return needs at least one item")
	case len(r.Reason) > 2000:
		return invalid("reason", r.Reason[:40]+"…", "longer than 2000 bytes")
	}
	for i, it := range r.Items {
		f := fmt.Sprintf("items[%d]", i)
		switch {
		case strings.TrimSpace(it.ProductID) == "":
			return invalid(f+".product_id", it.ProductID, "required")
		case it.Quantity <= 0:
			return invalid(f+".quantity", fmt.Sprint(it.Quantity), "must be positive")
		case it.Amount.IsNegative():
			return invalid(f+".amount", it.Amount.String(), "must not be negative")
		}
	}
	if want := r.ComputeAmount(); !r.Amount.Equal(want) {
		return invalid("amount", r.Amount.String(), "does not match the items, which add up to "+want.String())
	}
	return nil
}

// ValidateAgainst checks the return against its order: same customer, only
// products on the order, quantities and amount within what was bought.
// previous are the order's earlier returns that were not rejected; what they
// took back is no longer returnable.
func (r *Return) ValidateAgainst(o *Order, previous []Return) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if r.OrderID != o.ID {
		return invalid("order_id", r.OrderID.String(), "does not match order "+o.ID.String())
	}
	if r.CustomerID != o.CustomerID {
		return invalid("customer_id", r.CustomerID.String(), "the order belongs to customer "+o.CustomerID.String())
	}
	bought := map[string]int{}
	for _, l := range o.Lines {
		bought[l.ProductID] += l.Quantity
	}
	asked := decimal.Zero
	for _, p := range previous {
		if p.ID == r.ID || p.Status == ReturnRejected {
			continue
		}
		asked = asked.Add(p.Amount)
		for _, it := range p.Items {
			bought[it.ProductID] -= it.Quantity
		}
	}
	for i, it := range r.Items {
		left, onOrder := bought[it.ProductID]
		if !onOrder {
			return invalid(fmt.Sprintf("items[%d].product_id", i), it.ProductID, "not on order "+o.Number)
		}
		if it.Quantity > left {
			return invalid(fmt.Sprintf("items[%d].quantity", i), fmt.Sprint(it.Quantity), fmt.Sprintf("only %d left to return", left))
		}
		bought[it.ProductID] = left - it.Quantity
	}
	if total := asked.Add(r.Amount); total.GreaterThan(o.Total) {
		return invalid("amount", r.Amount.String(), "with earlier returns exceeds the order total "+o.Total.String())
	}
	return nil
}
