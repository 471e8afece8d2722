package workflow

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"time"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/segment"
	"github.com/crmkit/crmkit/segment/segmentstore"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// population holds, for one Step, the order summaries of every customer
// and, when a query needs them, their RFM scores: computed at most once per
// step and only when some rule needs them.
type population struct {
	e   *Engine
	now time.Time

	sums   map[uuid.UUID]store.CustomerSummary
	scores map[uuid.UUID]segment.Score
	rfm    bool
}

// load reads the summaries and, with rfm, computes RFM scores as of now.
func (p *population) load(ctx context.Context, rfm bool) error {
	if p.sums == nil {
		p.sums = map[uuid.UUID]store.CustomerSummary{}
		for s, err := range store.Summaries(ctx, p.e.st, store.SummaryFilter{}) {
			if err != nil {
				return err
			}
			p.sums[s.CustomerID] = s
		}
	}
	if rfm && !p.rfm {
		var recs []segment.Record
		asOf := p.now
		for _, s := range p.sums {
			if s.Orders == 0 {
				continue
			}
			recs = append(recs, segmentstore.RecordFromSummary(s))
			// An order stamped a little ahead of the engine's clock must
			// not make scoring fail.
			if s.LastOrderAt.After(asOf) {
				asOf = s.LastOrderAt
			}
		}
		p.scores = map[uuid.UUID]segment.Score{}
		if len(recs) > 0 {
			// Map iteration order is random; RFM gives tied values equal
			// scores whatever their order, and a fixed input order keeps
			// every step reproducible besides.
			slices.SortFunc(recs, func(a, b segment.Record) int { return bytes.Compare(a.CustomerID[:], b.CustomerID[:]) })
			res, err := segment.RFM(recs, segment.RFMOptions{AsOf: asOf})
			if err != nil && !errors.Is(err, segment.ErrNoData) {
				return err
			}
			if res != nil {
				for _, s := range res.Scores {
					p.scores[s.CustomerID] = s
				}
			}
		}
		p.rfm = true
	}
	return nil
}

// facts describes one customer for a query; load must have run.
func (p *population) facts(c *customer.Customer) segment.Facts {
	f := segment.Facts{Customer: c}
	if s, ok := p.sums[c.ID]; ok {
		f.Orders = segmentstore.OrderFacts(s)
	}
	if s, ok := p.scores[c.ID]; ok {
		f.RFM = &s
	}
	return f
}

// factsOf describes one customer without loading the whole population
// unless the query needs RFM scores.
func (p *population) factsOf(ctx context.Context, c *customer.Customer, q *segment.Query) (segment.Facts, error) {
	if needsRFM(q) || p.sums != nil {
		if err := p.load(ctx, needsRFM(q)); err != nil {
			return segment.Facts{}, err
		}
		return p.facts(c), nil
	}
	s, err := store.SummaryOf(ctx, p.e.st, c.ID, store.SummaryFilter{})
	if err != nil {
		return segment.Facts{}, err
	}
	return segment.Facts{Customer: c, Orders: segmentstore.OrderFacts(s)}, nil
}
