package recommend

import (
	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/order"
)

// OrderOptions configures FromOrders. The zero value (or nil) uses DefaultWeights, no
// decay, and registers no catalogue.
type OrderOptions struct {
	BuildOptions
	// Products are registered as items even without sales, so that new products can
	// be served by category.
	Products []order.Product
}

// OrderEvents turns orders into purchase events: one per order line, keyed by the
// customer's UUID string and the product ID. Pending, cancelled and fully refunded
// orders are left out (no purchase stood). A line counts once whatever its quantity,
// so bulk buys do not drown out breadth of taste.
func OrderEvents(orders []order.Order) []Event {
	var out []Event
	for _, o := range orders {
		if !o.Counts() || o.Status == order.StatusRefunded {
			continue
		}
		for _, l := range o.Lines {
			if l.ProductID == "" || l.Quantity <= 0 {
				continue
			}
			out = append(out, Event{User: o.CustomerID.String(), Item: l.ProductID, Kind: KindPurchase, At: o.PlacedAt})
		}
	}
	return out
}

// BehaviorEvents turns behaviour events into interaction events. Views, clicks, cart
// changes, wishlist additions, purchases and reviews (Value = rating) carry over;
// searches, surveys and support contacts name no item and are dropped. Anonymous
// events are kept under "visitor:"+VisitorID when includeAnonymous is set.
func BehaviorEvents(events []behavior.Event, includeAnonymous bool) []Event {
	var out []Event
	for _, e := range events {
		var kind Kind
		switch e.Kind {
		case behavior.KindView, behavior.KindClick, behavior.KindAddToCart, behavior.KindRemoveFromCart,
			behavior.KindWishlist, behavior.KindPurchase, behavior.KindReview:
			kind = Kind(e.Kind)
		default:
			continue
		}
		if e.ProductID == "" {
			continue
		}
		user := ""
		switch {
		case !e.Anonymous():
			user = e.CustomerID.String()
		case includeAnonymous && e.VisitorID != "":
			user = "visitor:" + e.VisitorID
		default:
			continue
		}
		ev := Event{User: user, Item: e.ProductID, Kind: kind, At: e.At}
		if kind == KindReview {
			ev.Value = float64(e.Rating)
		}
		out = append(out, ev)
	}
	return out
}

// FromOrders builds interactions from orders (see OrderEvents).
func FromOrders(orders []order.Order, opts *OrderOptions) (*Interactions, error) {
	var o OrderOptions
	if opts != nil {
		o = *opts
	}
	b := NewBuilder(&o.BuildOptions)
	for _, p := range o.Products {
		b.AddItems(p.ID)
	}
	for _, e := range OrderEvents(orders) {
		if err := b.Add(e); err != nil {
			return nil, err
		}
	}
	return b.Build()
}

// FromBehavior builds interactions from behaviour events and, when orders is not
// nil, the purchases in orders (behaviour purchase events are then best left out of
// events to avoid counting a sale twice).
func FromBehavior(events []behavior.Event, orders []order.Order, opts *OrderOptions) (*Interactions, error) {
	var o OrderOptions
	if opts != nil {
		o = *opts
	}
	b := NewBuilder(&o.BuildOptions)
	for _, p := range o.Products {
		b.AddItems(p.ID)
	}
	for _, e := range append(OrderEvents(orders), BehaviorEvents(events, false)...) {
		if err := b.Add(e); err != nil {
			return nil, err
		}
	}
	return b.Build()
}

// Baskets returns the product IDs of each counted order, for TrainFBT.
func Baskets(orders []order.Order) [][]string {
	var out [][]string
	for _, o := range orders {
		if !o.Counts() || o.Status == order.StatusRefunded {
			continue
		}
		var b []string
		for _, l := range o.Lines {
			if l.ProductID != "" && l.Quantity > 0 {
				b = append(b, l.ProductID)
			}
		}
		if len(b) > 0 {
			out = append(out, b)
		}
	}
	return out
}

// CatalogFrom converts the shop's products for RecommenderOptions: the catalogue and
// the display names used in explanations.
func CatalogFrom(products []order.Product) ([]Product, map[string]string) {
	ps := make([]Product, len(products))
	names := make(map[string]string, len(products))
	for k, p := range products {
		ps[k] = Product{ID: p.ID, Category: p.Category, Active: p.Active}
		if p.Name != "" {
			names[p.ID] = p.Name
		}
	}
	return ps, names
}
