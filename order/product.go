package order

import (
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Product is the reference record of an item the shop sells; reports and
// recommendation filters take names, categories and availability from it.
type Product struct {
	ID        string          `json:"id"`
	SKU       string          `json:"sku,omitempty"`
	Name      string          `json:"name"`
	Category  string          `json:"category,omitempty"`
	Price     decimal.Decimal `json:"price"`
	Currency  string          `json:"currency"`
	Active    bool            `json:"active"`
	UpdatedAt time.Time       `json:"updated_at"`
}

// Validate checks the product and returns the first fault as a *ValidationError.
func (p *Product) Validate() error {
	switch {
	case strings.TrimSpace(p.ID) == "":
		return invalid("product.id", p.ID, "required")
	case len(p.ID) > 128:
		return invalid("product.id", p.ID, "longer than 128 bytes")
	case p.Price.IsNegative():
		return invalid("product.price", p.Price.String(), "must not be negative")
	case !ValidCurrency(p.Currency):
		return invalid("product.currency", p.Currency, "not an ISO 4217 currency code")
	}
	return nil
}
