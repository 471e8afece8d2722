package store

import (
	"context"
	"iter"
	"sort"
	"time"

	"github.com/crmkit/crmkit/order"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// CustomerSummary condenses a customer's transactions. Only orders that
// count as sales (order.Order.Counts: not pending, not cancelled) enter
// Orders, Units, the order times and the money; Returns counts every return
// request. Amounts are added as stored, so a shop trading in several
// currencies converts before summarising.
type CustomerSummary struct {
	CustomerID   uuid.UUID       `json:"customer_id"`
	Orders       int             `json:"orders"`
	Units        int             `json:"units"`
	FirstOrderAt time.Time       `json:"first_order_at,omitzero"`
	LastOrderAt  time.Time       `json:"last_order_at,omitzero"`
	TotalSpent   decimal.Decimal `json:"total_spent"` // sum of order totals
	Refunded     decimal.Decimal `json:"refunded"`    // sum of refunded amounts on those orders
	Returns      int             `json:"returns"`     // return requests, any status
}

// NetSpent returns what the customer paid and kept paid: spent less refunded.
func (s CustomerSummary) NetSpent() decimal.Decimal { return s.TotalSpent.Sub(s.Refunded) }

// SummaryFilter bounds what a summary looks at.
type SummaryFilter struct {
	// Until, when set, ignores orders placed and returns requested at or
	// after it: a summary as of that moment (for calibration periods).
	Until time.Time
}

// Summarizer is implemented by backends that compute summaries themselves
// (in SQL, say). Summaries and SummaryOf use it when present.
type Summarizer interface {
	// CustomerSummary summarises one customer; a customer with no orders
	// gets a zero summary carrying its ID, not an error.
	CustomerSummary(ctx context.Context, id uuid.UUID, f SummaryFilter) (CustomerSummary, error)
	// CustomerSummaries yields one summary per customer ID that has at least
	// one order or return, ordered by customer ID (byte order).
	CustomerSummaries(ctx context.Context, f SummaryFilter) iter.Seq2[CustomerSummary, error]
}

// SummaryOf summarises one customer, through the backend's Summarizer when
// it has one and by scanning its orders and returns otherwise.
func SummaryOf(ctx context.Context, st Store, id uuid.UUID, f SummaryFilter) (CustomerSummary, error) {
	if s, ok := st.(Summarizer); ok {
		return s.CustomerSummary(ctx, id, f)
	}
	return ScanSummaryOf(ctx, st, id, f)
}

// Summaries yields every customer's summary (see Summarizer), through the
// backend's Summarizer when it has one and by scanning otherwise.
func Summaries(ctx context.Context, st Store, f SummaryFilter) iter.Seq2[CustomerSummary, error] {
	if s, ok := st.(Summarizer); ok {
		return s.CustomerSummaries(ctx, f)
	}
	return ScanSummaries(ctx, st, f)
}

// ScanSummaryOf computes one customer's summary from the store's scans.
func ScanSummaryOf(ctx context.Context, st Store, id uuid.UUID, f SummaryFilter) (CustomerSummary, error) {
	sum := CustomerSummary{CustomerID: id}
	for o, err := range st.Orders(ctx, OrderFilter{CustomerID: id, Until: f.Until}) {
		if err != nil {
			return CustomerSummary{}, err
		}
		sum.AddOrder(&o)
	}
	for _, err := range st.Returns(ctx, ReturnFilter{CustomerID: id, Until: f.Until}) {
		if err != nil {
			return CustomerSummary{}, err
		}
		sum.Returns++
	}
	return sum, nil
}

// ScanSummaries computes all summaries with one pass over orders and one over
// returns. It holds one summary per customer in memory.
func ScanSummaries(ctx context.Context, st Store, f SummaryFilter) iter.Seq2[CustomerSummary, error] {
	return func(yield func(CustomerSummary, error) bool) {
		byID := map[uuid.UUID]*CustomerSummary{}
		get := func(id uuid.UUID) *CustomerSummary {
			s, ok := byID[id]
			if !ok {
				s = &CustomerSummary{CustomerID: id}
				byID[id] = s
			}
			return s
		}
		for o, err := range st.Orders(ctx, OrderFilter{Until: f.Until}) {
			if err != nil {
				yield(CustomerSummary{}, err)
				return
			}
			get(o.CustomerID).AddOrder(&o)
		}
		for r, err := range st.Returns(ctx, ReturnFilter{Until: f.Until}) {
			if err != nil {
				yield(CustomerSummary{}, err)
				return
			}
			get(r.CustomerID).Returns++
		}
		ids := make([]uuid.UUID, 0, len(byID))
		for id := range byID {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool { return CompareIDs(ids[i], ids[j]) < 0 })
		for _, id := range ids {
			if !yield(*byID[id], nil) {
				return
			}
		}
	}
}

// AddOrder folds one order into the summary (ignored unless it counts as a sale).
func (s *CustomerSummary) AddOrder(o *order.Order) {
	if !o.Counts() {
		return
	}
	s.Orders++
	s.Units += o.Units()
	s.TotalSpent = s.TotalSpent.Add(o.Total)
	s.Refunded = s.Refunded.Add(o.RefundedAmount)
	if s.FirstOrderAt.IsZero() || o.PlacedAt.Before(s.FirstOrderAt) {
		s.FirstOrderAt = o.PlacedAt
	}
	if o.PlacedAt.After(s.LastOrderAt) {
		s.LastOrderAt = o.PlacedAt
	}
}
