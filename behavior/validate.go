package behavior

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
)

// ValidationError reports an event field that breaks a rule of its kind.
type ValidationError struct {
	Field  string
	Value  string
	Reason string
}

// Error names the field, its value and the rule it breaks.
func (e *ValidationError) Error() string {
	return fmt.Sprintf("behavior: invalid %s %q: %s", e.Field, e.Value, e.Reason)
}

func invalid(field, value, reason string) *ValidationError {
	return &ValidationError{Field: field, Value: value, Reason: reason}
}

// Limits on free text in events.
const (
	MaxQueryLen = 500
	MaxTextLen  = 10000
)

// Validate checks the event against the rules of its kind and returns the
// first fault as a *ValidationError.
func (e *Event) Validate() error {
	if !e.Kind.Valid() {
		return invalid("kind", string(e.Kind), "unknown event kind")
	}
	if e.CustomerID == uuid.Nil && strings.TrimSpace(e.VisitorID) == "" {
		return invalid("customer_id", "", "an event needs a customer_id or a visitor_id")
	}
	if e.At.IsZero() {
		return invalid("at", "", "required")
	}
	if len(e.Query) > MaxQueryLen {
		return invalid("query", e.Query[:40]+"…", fmt.Sprintf("longer than %d bytes", MaxQueryLen))
	}
	if len(e.Text) > MaxTextLen {
		return invalid("text", e.Text[:40]+"…", fmt.Sprintf("longer than %d bytes", MaxTextLen))
	}
	if !utf8.ValidString(e.Text) || !utf8.ValidString(e.Query) {
		return invalid("text", "", "not valid UTF-8")
	}
	if e.Kind != KindReview && e.Rating != 0 {
		return invalid("rating", fmt.Sprint(e.Rating), "only review events carry a rating")
	}
	needProduct := func() error {
		if strings.TrimSpace(e.ProductID) == "" {
			return invalid("product_id", e.ProductID, fmt.Sprintf("required for a %s event", e.Kind))
		}
		return nil
	}
	switch e.Kind {
	case KindView, KindClick, KindWishlist:
		return needProduct()
	case KindAddToCart, KindRemoveFromCart:
		if err := needProduct(); err != nil {
			return err
		}
		if e.Quantity <= 0 {
			return invalid("quantity", fmt.Sprint(e.Quantity), "must be positive for a cart event")
		}
	case KindSearch:
		if strings.TrimSpace(e.Query) == "" {
			return invalid("query", e.Query, "required for a search event")
		}
	case KindPurchase:
		if err := needProduct(); err != nil {
			return err
		}
		if e.OrderID == uuid.Nil {
			return invalid("order_id", "", "required for a purchase event")
		}
	case KindReview:
		if err := needProduct(); err != nil {
			return err
		}
		if e.Rating < 1 || e.Rating > 5 {
			return invalid("rating", fmt.Sprint(e.Rating), "must be 1 to 5")
		}
	case KindSurvey:
		if e.Score == nil {
			return invalid("score", "", "required for a survey event")
		}
		if *e.Score < 0 || *e.Score > 10 {
			return invalid("score", fmt.Sprint(*e.Score), "must be 0 to 10")
		}
	case KindSupport:
		if strings.TrimSpace(e.Text) == "" {
			return invalid("text", e.Text, "a support contact needs its subject")
		}
	}
	return nil
}
