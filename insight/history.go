package insight

import (
	"slices"
	"sort"
	"time"

	"github.com/crmkit/crmkit/order"
	"github.com/google/uuid"
)

// history indexes the orders that count as sales (order.Order.Counts) by
// customer, each customer's order times ascending.
type history struct {
	orders []order.Order
	times  map[uuid.UUID][]time.Time
}

func newHistory(orders []order.Order) *history {
	h := &history{times: map[uuid.UUID][]time.Time{}}
	for i := range orders {
		if orders[i].Counts() {
			h.orders = append(h.orders, orders[i])
		}
	}
	byTime := func(a, b order.Order) int { return a.PlacedAt.Compare(b.PlacedAt) }
	// Stores scan in time order, so the sort is rarely needed.
	if !slices.IsSortedFunc(h.orders, byTime) {
		slices.SortStableFunc(h.orders, byTime)
	}
	for i := range h.orders {
		o := &h.orders[i]
		h.times[o.CustomerID] = append(h.times[o.CustomerID], o.PlacedAt)
	}
	return h
}

// inPeriod returns the orders placed in p, in time order.
func (h *history) inPeriod(p Period) []order.Order {
	lo := sort.Search(len(h.orders), func(i int) bool { return !h.orders[i].PlacedAt.Before(p.From) })
	hi := sort.Search(len(h.orders), func(i int) bool { return !h.orders[i].PlacedAt.Before(p.To) })
	return h.orders[lo:hi]
}

// countBefore returns how many of ts (ascending) are before t.
func countBefore(ts []time.Time, t time.Time) int {
	return sort.Search(len(ts), func(i int) bool { return !ts[i].Before(t) })
}

// orderedIn reports whether ts (ascending) has a time in [from, to).
func orderedIn(ts []time.Time, from, to time.Time) bool {
	i := countBefore(ts, from)
	return i < len(ts) && ts[i].Before(to)
}

// monthStart returns the first instant of t's calendar month in UTC.
func monthStart(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// monthsBetween returns the whole calendar months from a's month to b's.
func monthsBetween(a, b time.Time) int {
	a, b = a.UTC(), b.UTC()
	return (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
}
