package order

import (
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Order is one purchase by one customer.
//
// Total must equal ComputeTotal (lines less discounts, plus shipping and tax).
// Version supports optimistic concurrency in stores, as for customers.
type Order struct {
	ID            uuid.UUID       `json:"id"`
	Number        string          `json:"number"` // the shop's order number, unique per shop
	CustomerID    uuid.UUID       `json:"customer_id"`
	Status        Status          `json:"status"`
	Currency      string          `json:"currency"` // ISO 4217, e.g. "EUR"
	Lines         []Line          `json:"lines"`
	Shipping      decimal.Decimal `json:"shipping"`
	Tax           decimal.Decimal `json:"tax"`
	Total         decimal.Decimal `json:"total"`
	PaymentMethod string          `json:"payment_method,omitempty"` // e.g. "card", "paypal", "invoice"
	// RefundedAmount is the money returned to the customer so far.
	RefundedAmount decimal.Decimal `json:"refunded_amount"`
	PlacedAt       time.Time       `json:"placed_at"`
	PaidAt         time.Time       `json:"paid_at,omitzero"`
	ShippedAt      time.Time       `json:"shipped_at,omitzero"`
	DeliveredAt    time.Time       `json:"delivered_at,omitzero"`
	CancelledAt    time.Time       `json:"cancelled_at,omitzero"`
	UpdatedAt      time.Time       `json:"updated_at"`
	Version        int64           `json:"version"`
}

// Line is one product on an order. Discount is the money off the whole line,
// not per unit.
type Line struct {
	ProductID string          `json:"product_id"`
	SKU       string          `json:"sku,omitempty"`
	Name      string          `json:"name,omitempty"`
	Category  string          `json:"category,omitempty"`
	Quantity  int             `json:"quantity"`
	UnitPrice decimal.Decimal `json:"unit_price"`
	Discount  decimal.Decimal `json:"discount"`
}

// Gross returns quantity × unit price, before the discount.
func (l Line) Gross() decimal.Decimal {
	return l.UnitPrice.Mul(decimal.NewFromInt(int64(l.Quantity)))
}

// Subtotal returns what the line costs: quantity × unit price − discount.
func (l Line) Subtotal() decimal.Decimal { return l.Gross().Sub(l.Discount) }

// ItemsTotal returns the sum of the line subtotals.
func (o *Order) ItemsTotal() decimal.Decimal {
	sum := decimal.Zero
	for _, l := range o.Lines {
		sum = sum.Add(l.Subtotal())
	}
	return sum
}

// ComputeTotal returns the exact order total: items + shipping + tax.
func (o *Order) ComputeTotal() decimal.Decimal {
	return o.ItemsTotal().Add(o.Shipping).Add(o.Tax)
}

// Units returns the number of items ordered.
func (o *Order) Units() int {
	n := 0
	for _, l := range o.Lines {
		n += l.Quantity
	}
	return n
}

// Revenue returns the money the order brought in: the total less refunds, or
// zero for a cancelled order.
func (o *Order) Revenue() decimal.Decimal {
	if o.Status == StatusCancelled {
		return decimal.Zero
	}
	return o.Total.Sub(o.RefundedAmount)
}

// Counts reports whether the order counts as a sale in summaries and
// analytics: every status except pending and cancelled.
func (o *Order) Counts() bool { return o.Status != StatusPending && o.Status != StatusCancelled }

// Clone returns a deep copy.
func (o Order) Clone() Order {
	o.Lines = slices.Clone(o.Lines)
	return o
}
