package insight

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"sync"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// buildSteps is the number of steps Build reports progress over.
const buildSteps = 8

// complaintTermsShown is the number of complaint terms in a report.
const complaintTermsShown = 10

// Build reads the store and computes the report for opts.Period against the
// period before it. It scans every order, the products, and the behaviour
// events of the period and of the rating trend's twelve months. Parts that
// need more data than the store holds (a forecast, a fitted model) are left
// empty with a note in Report.Notes; a store without orders is ErrNoOrders.
// Errors from the store are returned wrapped.
func Build(ctx context.Context, st store.Store, opts Options) (*Report, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	b := &builder{ctx: ctx, st: st, o: o, logger: o.Logger}
	if b.logger == nil {
		b.logger = slog.New(slog.DiscardHandler)
	}
	return b.build()
}

type builder struct {
	ctx      context.Context
	st       store.Store
	o        Options
	logger   *slog.Logger
	mu       sync.Mutex // guards step and last: steps may finish concurrently
	step     int
	last     time.Time
	products map[string]order.Product
}

// done reports a finished step to the logger and the progress callback.
func (b *builder) done(name string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.step++
	b.logger.Debug("insight: step done", "step", name, "took", time.Since(b.last))
	b.last = time.Now()
	if b.o.Progress != nil {
		b.o.Progress(b.step, buildSteps)
	}
}

func (b *builder) build() (*Report, error) {
	ctx, o := b.ctx, b.o
	b.last = time.Now()
	orders, err := b.loadOrders()
	if err != nil {
		return nil, err
	}
	h := newHistory(orders)
	if len(h.orders) == 0 {
		return nil, ErrNoOrders
	}
	p := o.Period
	if p.From.IsZero() {
		last := h.orders[len(h.orders)-1].PlacedAt.UTC()
		end := time.Date(last.Year(), last.Month(), last.Day()+1, 0, 0, 0, 0, time.UTC)
		p = Period{From: end.AddDate(0, 0, -90), To: end}
	}
	p = Period{From: p.From.UTC(), To: p.To.UTC()}
	// Later orders play no part: the report is as of the period's end.
	if last := h.orders[len(h.orders)-1].PlacedAt; !last.Before(p.To) {
		h = newHistory(h.ordersBefore(p.To))
	}
	if len(h.orders) == 0 {
		return nil, fmt.Errorf("%w before %s", ErrNoOrders, p.To.Format(time.DateOnly))
	}
	r := &Report{SchemaVersion: SchemaVersion, Title: o.Title, Currency: h.orders[0].Currency, GeneratedAt: p.To,
		Period: p, Previous: p.Previous()}
	b.done("load")

	r.KPIs = h.kpis(p, o.ChurnWindow)
	r.Categories = h.byCategory(p, b.products)
	r.TopProducts = h.topProducts(p, o.TopProducts, b.products)
	r.Cohorts = h.cohorts(p.To, o.Cohorts)
	b.done("kpis")

	if err := b.scanEvents(r, p); err != nil {
		return nil, err
	}
	b.done("events")

	// The forecasts and the value models are independent: fit them side by side.
	var (
		tr      Trend
		trNotes []string
		trErr   error
		wg      sync.WaitGroup
	)
	wg.Go(func() {
		tr, trNotes, trErr = trend(ctx, h.orders, p, o.ForecastWeeks)
		b.done("trend")
	})
	val, vm, notes, err := h.value(ctx, p, o)
	wg.Wait()
	if trErr != nil {
		return nil, trErr
	}
	if err != nil {
		return nil, err
	}
	r.Trend = tr
	r.Notes = append(r.Notes, trNotes...)
	r.Value = val
	r.Notes = append(r.Notes, notes...)
	r.Segments = h.bySegment(p, vm.segments)
	b.done("value")

	if err := b.names(r); err != nil {
		return nil, err
	}
	b.done("names")

	if len(o.Scenarios) > 0 {
		if vm.bg == nil {
			r.Notes = append(r.Notes, "what-if: no lifetime-value model to simulate with")
		} else {
			w, err := Simulate(ctx, b.simModel(r, vm), o.Scenarios, b.simOptions())
			if err != nil {
				return nil, fmt.Errorf("insight: what-if: %w", err)
			}
			r.WhatIf = w
		}
	}
	b.done("what-if")
	if r.Notes == nil {
		r.Notes = []string{}
	}
	b.done("done")
	return r, nil
}

// ordersBefore returns the sales placed before t.
func (h *history) ordersBefore(t time.Time) []order.Order {
	return h.inPeriod(Period{From: time.Time{}, To: t})
}

func (b *builder) loadOrders() ([]order.Order, error) {
	var orders []order.Order
	for o, err := range b.st.Orders(b.ctx, store.OrderFilter{}) {
		if err != nil {
			return nil, fmt.Errorf("insight: scanning orders: %w", err)
		}
		if o.Counts() {
			orders = append(orders, o)
		}
	}
	b.products = map[string]order.Product{}
	for pr, err := range b.st.Products(b.ctx, store.ProductFilter{}) {
		if err != nil {
			return nil, fmt.Errorf("insight: scanning products: %w", err)
		}
		b.products[pr.ID] = pr
	}
	return orders, nil
}

// scanEvents fills the funnel and satisfaction sections in one scan.
func (b *builder) scanEvents(r *Report, p Period) error {
	fc := newFunnelCounter()
	sc := newSatisfactionCounter(p)
	since := sc.since()
	if p.From.Before(since) {
		since = p.From
	}
	kinds := []behavior.Kind{behavior.KindView, behavior.KindAddToCart, behavior.KindPurchase, behavior.KindReview, behavior.KindSurvey}
	for e, err := range b.st.Events(b.ctx, store.EventFilter{Kinds: kinds, Since: since, Until: p.To}) {
		if err != nil {
			return fmt.Errorf("insight: scanning events: %w", err)
		}
		if p.Contains(e.At) {
			fc.add(&e)
		}
		sc.add(&e)
	}
	r.Funnel = fc.funnel()
	r.Satisfaction = sc.result(complaintTermsShown)
	return nil
}

// names adds names and e-mails to the listed customers.
func (b *builder) names(r *Report) error {
	for _, list := range [][]CustomerValue{r.Value.TopCLV, r.Value.AtRisk} {
		for i := range list {
			id, err := uuid.Parse(list[i].CustomerID)
			if err != nil {
				continue
			}
			c, err := b.st.GetCustomer(b.ctx, id)
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				return fmt.Errorf("insight: reading customer %s: %w", id, err)
			}
			list[i].Name, list[i].Email = c.Name(), c.Email
		}
	}
	return nil
}

func (b *builder) simOptions() SimOptions {
	so := b.o.Simulation
	if so.Weeks == 0 {
		so.Weeks = b.o.ForecastWeeks
	}
	return so
}

// simModel assembles the simulation's inputs: the fitted models, every
// current customer, and the forecast revenue not explained by them.
func (b *builder) simModel(r *Report, vm *valueModels) *SimModel {
	m := &SimModel{BGNBD: *vm.bg, GammaGamma: *vm.gg}
	weeks := float64(b.simOptions().Weeks)
	existing := 0.0
	for _, s := range vm.summary {
		m.Customers = append(m.Customers, SimCustomer{Summary: s, Segment: vm.segments[s.CustomerID]})
		n, err1 := vm.bg.ConditionalExpectedPurchases(weeks, s)
		v, err2 := vm.gg.ExpectedAverageValue(s)
		if err1 == nil && err2 == nil && finite(n*v) {
			existing += n * v
		}
	}
	if f := r.Trend.Revenue; f != nil && len(f.Forecast) > 0 {
		variance := 0.0
		for _, pt := range f.Forecast {
			sd := (pt.Hi95 - pt.Lo95) / (2 * 1.959964)
			variance += sd * sd
		}
		scale := weeks / float64(len(f.Forecast))
		m.NewRevenue = max(0, f.NextTotal*scale-existing)
		m.NewSD = math.Sqrt(variance * scale)
	}
	return m
}
