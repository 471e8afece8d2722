package order

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// ValidationError reports an order, line, return or product field that breaks
// a rule. Field is the JSON path of the field, e.g. "lines[2].quantity".
type ValidationError struct {
	Field  string
	Value  string
	Reason string
}

// Error names the field, its value and the rule it breaks.
func (e *ValidationError) Error() string {
	return fmt.Sprintf("order: invalid %s %q: %s", e.Field, e.Value, e.Reason)
}

func invalid(field, value, reason string) *ValidationError {
	return &ValidationError{Field: field, Value: value, Reason: reason}
}

// MaxLines bounds the lines of one order.
const MaxLines = 1000

// Validate checks the order and returns the first fault as a *ValidationError.
func (o *Order) Validate() error {
	if strings.TrimSpace(o.Number) == "" {
		return invalid("number", o.Number, "required")
	}
	if len(o.Number) > 64 {
		return invalid("number", o.Number, "longer than 64 bytes")
	}
	if o.CustomerID == [16]byte{} {
		return invalid("customer_id", o.CustomerID.String(), "required")
	}
	if !o.Status.Valid() {
		return invalid("status", string(o.Status), "unknown status")
	}
	if !ValidCurrency(o.Currency) {
		return invalid("currency", o.Currency, "not an ISO 4217 currency code")
	}
	if o.PlacedAt.IsZero() {
		return invalid("placed_at", "", "required")
	}
	if len(o.Lines) == 0 {
		return invalid("lines", "", "an order needs at least one line")
	}
	if len(o.Lines) > MaxLines {
		return invalid("lines", fmt.Sprint(len(o.Lines)), fmt.Sprintf("more than %d lines", MaxLines))
	}
	for i, l := range o.Lines {
		if err := l.validate(fmt.Sprintf("lines[%d]", i)); err != nil {
			return err
		}
	}
	for _, f := range []struct {
		name string
		v    decimal.Decimal
	}{{"shipping", o.Shipping}, {"tax", o.Tax}, {"refunded_amount", o.RefundedAmount}} {
		if f.v.IsNegative() {
			return invalid(f.name, f.v.String(), "must not be negative")
		}
	}
	if want := o.ComputeTotal(); !o.Total.Equal(want) {
		return invalid("total", o.Total.String(), "does not match the lines, shipping and tax, which add up to "+want.String())
	}
	if o.RefundedAmount.GreaterThan(o.Total) {
		return invalid("refunded_amount", o.RefundedAmount.String(), "exceeds the order total "+o.Total.String())
	}
	return nil
}

func (l Line) validate(field string) error {
	switch {
	case strings.TrimSpace(l.ProductID) == "":
		return invalid(field+".product_id", l.ProductID, "required")
	case l.Quantity <= 0:
		return invalid(field+".quantity", fmt.Sprint(l.Quantity), "must be positive")
	case l.UnitPrice.IsNegative():
		return invalid(field+".unit_price", l.UnitPrice.String(), "must not be negative")
	case l.Discount.IsNegative():
		return invalid(field+".discount", l.Discount.String(), "must not be negative")
	case l.Discount.GreaterThan(l.Gross()):
		return invalid(field+".discount", l.Discount.String(), "exceeds the line's gross amount "+l.Gross().String())
	}
	return nil
}
