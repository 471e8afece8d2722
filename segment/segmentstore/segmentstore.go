package segmentstore

import (
	"context"
	"iter"
	"strings"
	"time"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/segment"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// Options configures Members and Sizes. The zero value (or nil) evaluates
// relative dates against the current time and computes default RFM scores
// when the query reads them.
type Options struct {
	// Now is the reference time for relative dates and, unless RFM.AsOf is
	// set, for recency; zero means time.Now().
	Now time.Time
	// RFM configures the RFM scores computed for queries that read rfm_*
	// fields; nil means segment.RFMOptions with AsOf = Now.
	RFM *segment.RFMOptions
	// Summary bounds the order summaries (e.g. as of a past date).
	Summary store.SummaryFilter
	// CLV and Clusters carry predictions made elsewhere into the facts;
	// customers missing from them have no CLV or cluster.
	CLV      map[uuid.UUID]segment.CLVFacts
	Clusters map[uuid.UUID]int
}

// Records returns one segment.Record per customer with at least one order
// (store.Summaries), with Monetary the money kept (spent less refunded).
func Records(ctx context.Context, st store.Store, f store.SummaryFilter) ([]segment.Record, error) {
	var out []segment.Record
	for s, err := range store.Summaries(ctx, st, f) {
		if err != nil {
			return nil, err
		}
		if s.Orders == 0 {
			continue
		}
		out = append(out, RecordFromSummary(s))
	}
	return out, nil
}

// RecordFromSummary converts a stored summary to an RFM record.
func RecordFromSummary(s store.CustomerSummary) segment.Record {
	return segment.Record{CustomerID: s.CustomerID, Frequency: s.Orders, FirstOrder: s.FirstOrderAt,
		LastOrder: s.LastOrderAt, Monetary: s.NetSpent().InexactFloat64()}
}

// OrderFacts converts a stored summary to the order facts queries read.
func OrderFacts(s store.CustomerSummary) segment.OrderFacts {
	return segment.OrderFactsFromSummary(s.Orders, s.Units, s.Returns, s.FirstOrderAt, s.LastOrderAt,
		s.TotalSpent.InexactFloat64(), s.Refunded.InexactFloat64())
}

// Members yields, in the store's customer order, every customer the query
// matches. It first reads all order summaries (and RFM scores when the
// query needs them), then scans the customers once.
func Members(ctx context.Context, st store.Store, q *segment.Query, opt *Options) iter.Seq2[customer.Customer, error] {
	return func(yield func(customer.Customer, error) bool) {
		facts, now, err := prepare(ctx, st, q, opt)
		if err != nil {
			yield(customer.Customer{}, err)
			return
		}
		for c, err := range st.Customers(ctx, store.CustomerFilter{}) {
			if err != nil {
				yield(customer.Customer{}, err)
				return
			}
			f := facts(&c)
			if q.Match(&f, now) && !yield(c, nil) {
				return
			}
		}
	}
}

// Count returns how many customers each query matches, in one scan.
func Count(ctx context.Context, st store.Store, qs []*segment.Query, opt *Options) ([]int, error) {
	combined := make([]string, len(qs))
	for i, q := range qs {
		combined[i] = "(" + q.String() + ")"
	}
	all, err := segment.ParseQuery(strings.Join(combined, " OR "))
	if err != nil {
		return nil, err
	}
	facts, now, err := prepare(ctx, st, all, opt)
	if err != nil {
		return nil, err
	}
	counts := make([]int, len(qs))
	for c, err := range st.Customers(ctx, store.CustomerFilter{}) {
		if err != nil {
			return nil, err
		}
		f := facts(&c)
		for i, q := range qs {
			if q.Match(&f, now) {
				counts[i]++
			}
		}
	}
	return counts, nil
}

func prepare(ctx context.Context, st store.Store, q *segment.Query, opt *Options) (func(*customer.Customer) segment.Facts, time.Time, error) {
	var o Options
	if opt != nil {
		o = *opt
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	needRFM := false
	for _, f := range q.Fields() {
		needRFM = needRFM || strings.HasPrefix(f, "rfm_")
	}
	sums := map[uuid.UUID]store.CustomerSummary{}
	var recs []segment.Record
	for s, err := range store.Summaries(ctx, st, o.Summary) {
		if err != nil {
			return nil, time.Time{}, err
		}
		sums[s.CustomerID] = s
		if s.Orders > 0 {
			recs = append(recs, RecordFromSummary(s))
		}
	}
	scores := map[uuid.UUID]segment.Score{}
	if needRFM && len(recs) > 0 {
		ro := segment.RFMOptions{AsOf: o.Now}
		if o.RFM != nil {
			ro = *o.RFM
			if ro.AsOf.IsZero() {
				ro.AsOf = o.Now
			}
		}
		res, err := segment.RFM(recs, ro)
		if err != nil {
			return nil, time.Time{}, err
		}
		for _, s := range res.Scores {
			scores[s.CustomerID] = s
		}
	}
	facts := func(c *customer.Customer) segment.Facts {
		f := segment.Facts{Customer: c}
		if s, ok := sums[c.ID]; ok {
			f.Orders = OrderFacts(s)
		}
		if s, ok := scores[c.ID]; ok {
			f.RFM = &s
		}
		if v, ok := o.CLV[c.ID]; ok {
			f.CLV = &v
		}
		if k, ok := o.Clusters[c.ID]; ok {
			f.Cluster = &k
		}
		return f
	}
	return facts, o.Now, nil
}
