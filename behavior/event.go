package behavior

import (
	"maps"
	"time"

	"github.com/google/uuid"
)

// Kind is what an event records.
type Kind string

// The kinds of behaviour event.
const (
	KindView           Kind = "view"        // a product page was viewed
	KindSearch         Kind = "search"      // a search with Query
	KindClick          Kind = "click"       // a click on a product (list, banner, e-mail link)
	KindAddToCart      Kind = "cart_add"    // Quantity of ProductID put in the cart
	KindRemoveFromCart Kind = "cart_remove" // Quantity of ProductID taken out of the cart
	KindWishlist       Kind = "wishlist"    // ProductID added to the wishlist
	KindPurchase       Kind = "purchase"    // ProductID bought on OrderID
	KindReview         Kind = "review"      // a Rating of 1–5 and Text on ProductID
	KindSurvey         Kind = "survey"      // a 0–10 Score (e.g. net promoter) with optional Text
	KindSupport        Kind = "support"     // a support contact, its subject in Text
)

// Kinds lists every kind.
var Kinds = []Kind{KindView, KindSearch, KindClick, KindAddToCart, KindRemoveFromCart, KindWishlist, KindPurchase, KindReview, KindSurvey, KindSupport}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Event is one thing a customer or an anonymous visitor did. An event names
// its actor by CustomerID or, before the visitor is known, by VisitorID.
// Which other fields matter depends on Kind (see the Kind constants).
type Event struct {
	ID         uuid.UUID         `json:"id"`
	Kind       Kind              `json:"kind"`
	CustomerID uuid.UUID         `json:"customer_id,omitzero"`
	VisitorID  string            `json:"visitor_id,omitempty"`
	SessionID  string            `json:"session_id,omitempty"`
	ProductID  string            `json:"product_id,omitempty"`
	OrderID    uuid.UUID         `json:"order_id,omitzero"`
	Query      string            `json:"query,omitempty"`
	Quantity   int               `json:"quantity,omitempty"`
	Rating     int               `json:"rating,omitempty"`
	Score      *int              `json:"score,omitempty"` // survey score 0–10; a pointer because 0 is a real answer
	Text       string            `json:"text,omitempty"`
	Attributes map[string]string `json:"attributes,omitempty"`
	At         time.Time         `json:"at"`
}

// Anonymous reports whether the event has no known customer.
func (e *Event) Anonymous() bool { return e.CustomerID == uuid.Nil }

// Clone returns a deep copy.
func (e Event) Clone() Event {
	if e.Score != nil {
		s := *e.Score
		e.Score = &s
	}
	e.Attributes = maps.Clone(e.Attributes)
	return e
}
