package api

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/crmkit/crmkit/clv"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// CLVModel is a fitted lifetime-value model for GET /customers/{id}/clv:
// a purchase model (BG/NBD or Pareto/NBD) and a Gamma-Gamma spend model
// fitted on summaries in Unit, with the valuation to apply.
type CLVModel struct {
	// Name labels the purchase model in answers, e.g. "bgnbd".
	Name      string
	Purchases clv.PurchaseModel
	Spend     *clv.GammaGamma
	// Unit is the time unit the models were fitted in (zero: one week).
	Unit time.Duration
	// AsOf is the end of the data the models were fitted on: a customer's
	// history is measured up to it, or up to the day after their latest
	// order when that is later. Zero means the start of the next day.
	AsOf time.Time
	// Value is the valuation (zero Horizon: one year in Unit, 12 periods,
	// DefaultCLVDiscount per period).
	Value clv.ValueOptions
}

// DefaultCLVDiscount is the discount rate per period of the default
// valuation: 0.8 % a month, about 10 % a year.
const DefaultCLVDiscount = 0.008

func (m *CLVModel) check() error {
	switch {
	case m.Purchases == nil:
		return &OptionsError{Field: "CLV.Purchases", Value: "nil", Reason: "a fitted purchase model is required"}
	case m.Spend == nil:
		return &OptionsError{Field: "CLV.Spend", Value: "nil", Reason: "a fitted spend model is required"}
	case m.Unit < 0:
		return &OptionsError{Field: "CLV.Unit", Value: m.Unit.String(), Reason: "must not be negative"}
	}
	return nil
}

func (m *CLVModel) unit() time.Duration {
	if m.Unit == 0 {
		return 7 * 24 * time.Hour
	}
	return m.Unit
}

func (m *CLVModel) valuation() clv.ValueOptions {
	v := m.Value
	if v.Horizon == 0 {
		v.Horizon = float64(365*24*time.Hour) / float64(m.unit())
		v.Periods = 12
		v.DiscountRate = DefaultCLVDiscount
	}
	return v
}

// CLVPrediction is the answer of GET /customers/{id}/clv. Value is absent
// for a customer without purchases (nothing to predict from); Summary is
// the customer's history as the model sees it, in UnitDays-day units.
type CLVPrediction struct {
	CustomerID uuid.UUID    `json:"customer_id"`
	Model      string       `json:"model"`
	UnitDays   float64      `json:"unit_days"`
	Horizon    float64      `json:"horizon"`
	AsOf       time.Time    `json:"as_of"`
	Value      *clv.Value   `json:"value,omitempty"`
	Summary    *clv.Summary `json:"summary,omitempty"`
}

// clvCache holds the model the API fitted itself when the host gave none.
type clvCache struct {
	mu    sync.Mutex
	at    time.Time
	model *CLVModel
}

func (c *clvCache) get(ctx context.Context, h *Handler) (*CLVModel, error) {
	if h.opts.CLV != nil {
		return h.opts.CLV, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	now := h.opts.Now()
	if c.model != nil && now.Sub(c.at) < h.opts.AnalyticsTTL {
		return c.model, nil
	}
	orders, _, err := store.Collect(h.guarded.Orders(ctx, store.OrderFilter{}), 0, store.OrderCursor)
	if err != nil {
		return nil, err
	}
	ss, err := clv.Summaries(orders, nil)
	if err != nil {
		return nil, err
	}
	bg, err := clv.FitBGNBD(ctx, ss, nil)
	if err != nil {
		return nil, err
	}
	gg, err := clv.FitGammaGamma(ctx, ss, nil)
	if err != nil {
		return nil, err
	}
	var last time.Time
	for i := range orders {
		if orders[i].Counts() && orders[i].PlacedAt.After(last) {
			last = orders[i].PlacedAt
		}
	}
	c.model = &CLVModel{Name: "bgnbd", Purchases: bg, Spend: gg, AsOf: nextDay(last)}
	c.at = now
	return c.model, nil
}

func nextDay(t time.Time) time.Time { return t.UTC().Truncate(24 * time.Hour).Add(24 * time.Hour) }

func (h *Handler) clvOf(r *http.Request, _ []byte) (int, any, error) {
	id, err := h.analyticsSubject(r)
	if err != nil {
		return 0, nil, err
	}
	ctx := r.Context()
	m, err := h.clv.get(ctx, h)
	if err != nil {
		return 0, nil, err
	}
	orders, _, err := store.Collect(h.guarded.Orders(ctx, store.OrderFilter{CustomerID: id}), 0, store.OrderCursor)
	if err != nil {
		return 0, nil, err
	}
	asOf := m.AsOf
	if asOf.IsZero() {
		asOf = nextDay(h.opts.Now())
	}
	for i := range orders {
		if orders[i].Counts() && !orders[i].PlacedAt.Before(asOf) {
			asOf = nextDay(orders[i].PlacedAt)
		}
	}
	val := m.valuation()
	name := m.Name
	if name == "" {
		name = "custom"
	}
	out := CLVPrediction{CustomerID: id, Model: name, UnitDays: m.unit().Hours() / 24, Horizon: val.Horizon, AsOf: asOf}
	ss, err := clv.Summaries(counted(orders), &clv.SummaryOptions{Unit: m.unit(), ObservationEnd: asOf})
	switch {
	case errors.Is(err, clv.ErrNoData):
		return http.StatusOK, out, nil
	case err != nil:
		return 0, nil, err
	}
	vs, err := clv.Values(m.Purchases, m.Spend, ss, val)
	if err != nil {
		return 0, nil, err
	}
	out.Value, out.Summary = &vs[0], &ss[0]
	return http.StatusOK, out, nil
}

func counted(os []order.Order) []order.Order {
	var out []order.Order
	for _, o := range os {
		if o.Counts() {
			out = append(out, o)
		}
	}
	return out
}
