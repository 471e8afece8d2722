package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/crmkit/crmkit/access"
	"github.com/crmkit/crmkit/insight"
	"github.com/crmkit/crmkit/recommend"
	"github.com/crmkit/crmkit/segment"
	"github.com/crmkit/crmkit/segment/segmentstore"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// Recommendations is the answer of GET /customers/{id}/recommendations.
type Recommendations struct {
	CustomerID uuid.UUID                  `json:"customer_id"`
	Items      []recommend.Recommendation `json:"items"`
}

// SegmentMembership is the answer of GET /customers/{id}/segment: the
// customer's order summary and, when they have bought, their RFM score and
// segment among all customers with orders. Segment is "none" for a
// customer without orders.
type SegmentMembership struct {
	CustomerID uuid.UUID             `json:"customer_id"`
	Segment    string                `json:"segment"`
	AsOf       time.Time             `json:"as_of,omitzero"`
	RFM        *segment.Score        `json:"rfm,omitempty"`
	Summary    store.CustomerSummary `json:"summary"`
}

// SegmentNone is the segment of a customer without orders.
const SegmentNone = "none"

func (h *Handler) recommendations(r *http.Request, _ []byte) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	n, err := queryInt(r, "n", 10, 1, 100)
	if err != nil {
		return 0, nil, err
	}
	excludeSeen, err := queryBool(r, "exclude_seen", true)
	if err != nil {
		return 0, nil, err
	}
	// Reading the profile checks that the caller may read customers and
	// that the customer exists (an erased one does not).
	if _, err := h.guarded.GetCustomer(r.Context(), id); err != nil {
		return 0, nil, err
	}
	if h.opts.Recommender == nil {
		return 0, nil, problem(http.StatusServiceUnavailable, ProblemUnavailable, "the host has configured no recommender")
	}
	var filters []recommend.Filter
	if excludeSeen {
		filters = append(filters, recommend.ExcludeSeen())
	}
	recs, err := h.opts.Recommender.Recommend(id.String(), n, filters...)
	if err != nil {
		return 0, nil, err
	}
	if recs == nil {
		recs = []recommend.Recommendation{}
	}
	return http.StatusOK, Recommendations{CustomerID: id, Items: recs}, nil
}

// rfmCache holds the RFM scores of every customer with orders: scores are
// quantiles over the whole population, so one customer's segment needs all
// of them. They are recomputed after the TTL, or sooner when a customer
// with orders is missing from them.
type rfmCache struct {
	mu     sync.Mutex
	at     time.Time
	asOf   time.Time
	scores map[uuid.UUID]segment.Score
}

func (c *rfmCache) get(ctx context.Context, h *Handler, id uuid.UUID, mustHave bool) (segment.Score, time.Time, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := h.opts.Now()
	s, ok := c.scores[id]
	if c.scores != nil && now.Sub(c.at) < h.opts.AnalyticsTTL && (ok || !mustHave) {
		return s, c.asOf, ok, nil
	}
	recs, err := segmentstore.Records(ctx, h.guarded, store.SummaryFilter{})
	if err != nil {
		return segment.Score{}, time.Time{}, false, err
	}
	var opt segment.RFMOptions
	if h.opts.RFM != nil {
		opt = *h.opts.RFM
	}
	res, err := segment.RFM(recs, opt)
	if errors.Is(err, segment.ErrNoData) {
		return segment.Score{}, time.Time{}, false, nil
	}
	if err != nil {
		return segment.Score{}, time.Time{}, false, err
	}
	c.scores = make(map[uuid.UUID]segment.Score, len(res.Scores))
	for _, sc := range res.Scores {
		c.scores[sc.CustomerID] = sc
	}
	c.at, c.asOf = now, res.AsOf
	s, ok = c.scores[id]
	return s, c.asOf, ok, nil
}

func (h *Handler) segmentOf(r *http.Request, _ []byte) (int, any, error) {
	id, err := h.analyticsSubject(r)
	if err != nil {
		return 0, nil, err
	}
	ctx := r.Context()
	sum, err := store.SummaryOf(ctx, h.guarded, id, store.SummaryFilter{})
	if err != nil {
		return 0, nil, err
	}
	out := SegmentMembership{CustomerID: id, Segment: SegmentNone, Summary: sum}
	if sum.Orders == 0 {
		return http.StatusOK, out, nil
	}
	sc, asOf, ok, err := h.rfm.get(ctx, h, id, true)
	if err != nil {
		return 0, nil, err
	}
	if ok {
		out.Segment, out.RFM, out.AsOf = sc.Segment, &sc, asOf
	}
	return http.StatusOK, out, nil
}

func (h *Handler) kpiReport(r *http.Request, _ []byte) (int, any, error) {
	from, err := queryDate(r, "from")
	if err != nil {
		return 0, nil, err
	}
	to, err := queryDate(r, "to")
	if err != nil {
		return 0, nil, err
	}
	opts := insight.Options{Scenarios: []insight.Scenario{}}
	switch {
	case from.IsZero() && to.IsZero():
	case to.IsZero():
		return 0, nil, badRequest("to", "", "from needs to")
	default:
		if from.IsZero() {
			from = to.AddDate(0, 0, -90)
		}
		if !from.Before(to) {
			return 0, nil, badRequest("from", from.Format(time.DateOnly), "from must be before to")
		}
		opts.Period = insight.Period{From: from, To: to}
	}
	if err := h.policy.Authorize(r.Context(), access.ResourceSummaries, access.ActionRead); err != nil {
		return 0, nil, err
	}
	body, err := h.kpi.get(r.Context(), h, opts)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, json.RawMessage(body), nil
}

// kpiCache keeps built reports for AnalyticsTTL: a report scans the whole
// store, and dashboards ask for the same one again and again. Reports are
// built through the access wrapper, so what one shows depends on the
// caller's roles (masked names, refused scans); entries are keyed by the
// period and the exact set of roles, and a caller only ever gets a report
// built for the roles it holds. One report is built at a time.
type kpiCache struct {
	mu      sync.Mutex
	entries map[string]kpiEntry
}

type kpiEntry struct {
	at   time.Time
	body []byte
}

// maxKPIEntries bounds the cache; the oldest entry goes first.
const maxKPIEntries = 32

func (c *kpiCache) get(ctx context.Context, h *Handler, opts insight.Options) ([]byte, error) {
	pr, _ := access.PrincipalFrom(ctx)
	roles := make([]string, len(pr.Roles))
	for i, r := range pr.Roles {
		roles[i] = string(r)
	}
	slices.Sort(roles)
	key := opts.Period.From.String() + "|" + opts.Period.To.String() + "|" + strings.Join(slices.Compact(roles), ",")
	c.mu.Lock()
	defer c.mu.Unlock()
	now := h.opts.Now()
	if e, ok := c.entries[key]; ok && now.Sub(e.at) < h.opts.AnalyticsTTL {
		return e.body, nil
	}
	rep, err := insight.Build(ctx, h.guarded, opts)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := rep.WriteJSON(&buf); err != nil {
		return nil, err
	}
	if c.entries == nil {
		c.entries = map[string]kpiEntry{}
	}
	for len(c.entries) >= maxKPIEntries {
		oldest := ""
		for k, e := range c.entries {
			if oldest == "" || e.at.Before(c.entries[oldest].at) {
				oldest = k
			}
		}
		delete(c.entries, oldest)
	}
	c.entries[key] = kpiEntry{at: now, body: buf.Bytes()}
	return buf.Bytes(), nil
}

// analyticsSubject returns the customer an analytics call (segment, CLV) is
// about, once the customer is known to exist for the caller and the caller
// may read summaries: the figures come from every customer's summary, so
// that permission is needed whether or not they are cached.
func (h *Handler) analyticsSubject(r *http.Request) (uuid.UUID, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return uuid.Nil, err
	}
	ctx := r.Context()
	if _, err := h.guarded.GetCustomer(ctx, id); err != nil {
		return uuid.Nil, err
	}
	if err := h.policy.Authorize(ctx, access.ResourceSummaries, access.ActionRead); err != nil {
		return uuid.Nil, err
	}
	return id, nil
}
