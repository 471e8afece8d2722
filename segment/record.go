package segment

import (
	"slices"
	"time"

	"github.com/crmkit/crmkit/order"
	"github.com/google/uuid"
)

// Record is one customer's purchase history condensed to what RFM and
// clustering need. Frequency counts orders; Monetary is the money they
// brought in, in one currency.
type Record struct {
	CustomerID uuid.UUID
	Frequency  int
	FirstOrder time.Time
	LastOrder  time.Time
	Monetary   float64
}

// FromOrders condenses orders into one Record per customer, ordered by
// customer ID. Only orders that count as sales (order.Order.Counts) enter;
// Monetary sums order.Order.Revenue (totals less refunds). Orders placed at
// or after until are ignored unless until is zero.
func FromOrders(orders []order.Order, until time.Time) []Record {
	byID := map[uuid.UUID]*Record{}
	for i := range orders {
		o := &orders[i]
		if !o.Counts() || (!until.IsZero() && !o.PlacedAt.Before(until)) {
			continue
		}
		r, ok := byID[o.CustomerID]
		if !ok {
			r = &Record{CustomerID: o.CustomerID}
			byID[o.CustomerID] = r
		}
		r.Frequency++
		r.Monetary += o.Revenue().InexactFloat64()
		if r.FirstOrder.IsZero() || o.PlacedAt.Before(r.FirstOrder) {
			r.FirstOrder = o.PlacedAt
		}
		if o.PlacedAt.After(r.LastOrder) {
			r.LastOrder = o.PlacedAt
		}
	}
	out := make([]Record, 0, len(byID))
	for _, r := range byID {
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b Record) int { return compareUUID(a.CustomerID, b.CustomerID) })
	return out
}

func compareUUID(a, b uuid.UUID) int {
	for i := range a {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}
