package forecast

import (
	"fmt"
	"sort"
	"time"

	"github.com/crmkit/crmkit/order"
)

// Frequency is the calendar step of a sales series.
type Frequency uint8

// Calendar frequencies. Weeks start on Monday (ISO 8601).
const (
	Daily Frequency = iota + 1
	Weekly
	Monthly
	Quarterly
)

// String names the frequency.
func (f Frequency) String() string {
	switch f {
	case Daily:
		return "daily"
	case Weekly:
		return "weekly"
	case Monthly:
		return "monthly"
	case Quarterly:
		return "quarterly"
	}
	return fmt.Sprintf("Frequency(%d)", uint8(f))
}

// Period is the main seasonal period of the frequency: 7 for daily data
// (the week), 52 for weekly, 12 for monthly, 4 for quarterly.
func (f Frequency) Period() int {
	switch f {
	case Daily:
		return 7
	case Weekly:
		return 52
	case Monthly:
		return 12
	case Quarterly:
		return 4
	}
	return 1
}

// Truncate returns the start of the period holding t, in t's location.
func (f Frequency) Truncate(t time.Time) time.Time {
	y, m, d := t.Date()
	switch f {
	case Weekly:
		day := time.Date(y, m, d, 0, 0, 0, 0, t.Location())
		back := (int(day.Weekday()) + 6) % 7 // days since Monday
		return day.AddDate(0, 0, -back)
	case Monthly:
		return time.Date(y, m, 1, 0, 0, 0, 0, t.Location())
	case Quarterly:
		return time.Date(y, m-(m-1)%3, 1, 0, 0, 0, 0, t.Location())
	}
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// Add moves t forward by n periods (calendar arithmetic, so months and
// daylight-saving days keep their boundaries).
func (f Frequency) Add(t time.Time, n int) time.Time {
	switch f {
	case Weekly:
		return t.AddDate(0, 0, 7*n)
	case Monthly:
		return t.AddDate(0, n, 0)
	case Quarterly:
		return t.AddDate(0, 3*n, 0)
	}
	return t.AddDate(0, 0, n)
}

// Series is a regular time series on a calendar: Values[i] belongs to the
// period starting at Frequency.Add(Start, i).
type Series struct {
	Key       string // what the series measures, e.g. "total" or a product ID
	Frequency Frequency
	Start     time.Time
	Values    []float64
}

// Time returns the start of period i.
func (s Series) Time(i int) time.Time { return s.Frequency.Add(s.Start, i) }

// Measure is the quantity a sales series adds up.
type Measure uint8

// Measures. The zero value is Revenue.
const (
	// Revenue sums money: order revenue (total less refunds) for the shop
	// total, line subtotals (after line discounts) per product or category.
	Revenue Measure = iota
	// Units sums line quantities.
	Units
	// Orders counts orders (an order counts once per product or category it
	// contains).
	Orders
)

// Grouping selects one series for the shop or one per product or category.
type Grouping uint8

// Groupings. The zero value is Total.
const (
	Total Grouping = iota
	ByProduct
	ByCategory
)

// SeriesOptions configure BuildSeries. The zero value builds total revenue
// in UTC over the span of the orders.
type SeriesOptions struct {
	Measure Measure
	Group   Grouping
	// From and To bound the series: periods from the one holding From up to
	// the one holding To-1ns. Zero values take the span of the orders, so
	// leading and trailing empty periods inside [From, To) are kept as zeros.
	From, To time.Time
	// Location sets the calendar (day and month boundaries); default UTC.
	Location *time.Location
	// Include decides which orders count; default order.Order.Counts (every
	// order except pending and cancelled ones).
	Include func(*order.Order) bool
}

// SalesSeries builds the shop's total revenue per period from orders,
// counting every order except pending and cancelled ones, in UTC, with
// empty periods as zeros. Use BuildSeries for units, order counts, product
// or category series and other calendars.
func SalesSeries(orders []order.Order, f Frequency) Series {
	s, err := BuildSeries(orders, f, nil)
	if err != nil || len(s) == 0 {
		return Series{Key: "total", Frequency: f}
	}
	return s[0]
}

// BuildSeries aggregates orders into regular series, one per group key
// (sorted by key), zero-filled between the first and last period so the
// calendar is kept. Money is summed as float64 in the orders' currency; it
// returns an error when revenue would mix currencies or f is unknown.
func BuildSeries(orders []order.Order, f Frequency, opts *SeriesOptions) ([]Series, error) {
	var o SeriesOptions
	if opts != nil {
		o = *opts
	}
	if f < Daily || f > Quarterly {
		return nil, invalid("frequency", f, "must be Daily, Weekly, Monthly or Quarterly")
	}
	loc := o.Location
	if loc == nil {
		loc = time.UTC
	}
	include := o.Include
	if include == nil {
		include = (*order.Order).Counts
	}
	if !o.To.IsZero() && !o.From.IsZero() && !o.To.After(o.From) {
		return nil, invalid("To", o.To, "must be after From")
	}
	type cell struct {
		key    string
		period int64 // Unix seconds of the period start
	}
	sums := map[cell]float64{}
	keys := map[string]bool{}
	var first, last time.Time
	currency := ""
	add := func(key string, p time.Time, v float64) {
		sums[cell{key, p.Unix()}] += v
		keys[key] = true
	}
	for i := range orders {
		od := &orders[i]
		if !include(od) {
			continue
		}
		at := od.PlacedAt.In(loc)
		if (!o.From.IsZero() && at.Before(o.From)) || (!o.To.IsZero() && !at.Before(o.To)) {
			continue
		}
		if o.Measure == Revenue {
			if currency == "" {
				currency = od.Currency
			} else if od.Currency != currency {
				return nil, fmt.Errorf("%w: revenue mixes currencies %s and %s (order %s)", ErrInvalid, currency, od.Currency, od.Number)
			}
		}
		p := f.Truncate(at)
		if first.IsZero() || p.Before(first) {
			first = p
		}
		if last.IsZero() || p.After(last) {
			last = p
		}
		if o.Group == Total {
			switch o.Measure {
			case Revenue:
				add("total", p, od.Revenue().InexactFloat64())
			case Units:
				add("total", p, float64(od.Units()))
			default:
				add("total", p, 1)
			}
			continue
		}
		seen := map[string]bool{}
		for _, l := range od.Lines {
			key := l.ProductID
			if o.Group == ByCategory {
				key = l.Category
			}
			switch o.Measure {
			case Revenue:
				add(key, p, l.Subtotal().InexactFloat64())
			case Units:
				add(key, p, float64(l.Quantity))
			default:
				if !seen[key] {
					seen[key] = true
					add(key, p, 1)
				}
			}
		}
	}
	if !o.From.IsZero() {
		first = f.Truncate(o.From.In(loc))
	}
	if !o.To.IsZero() {
		last = f.Truncate(o.To.In(loc).Add(-time.Nanosecond))
	}
	if first.IsZero() || last.Before(first) {
		return nil, nil
	}
	n := 0
	for t := first; !t.After(last); t = f.Add(first, n) {
		n++
	}
	index := make(map[int64]int, n)
	for i := 0; i < n; i++ {
		index[f.Add(first, i).Unix()] = i
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	if o.Group == Total && len(sorted) == 0 {
		sorted = []string{"total"}
	}
	out := make([]Series, len(sorted))
	pos := make(map[string]int, len(sorted))
	for i, k := range sorted {
		out[i] = Series{Key: k, Frequency: f, Start: first, Values: make([]float64, n)}
		pos[k] = i
	}
	for c, v := range sums {
		out[pos[c.key]].Values[index[c.period]] += v
	}
	return out, nil
}
