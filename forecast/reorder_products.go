package forecast

import (
	"context"
	"fmt"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/crmkit/crmkit/order"
)

// Stock is what a shop holds and has on order of one product.
type Stock struct {
	OnHand, OnOrder, Backorders float64
}

// ProductPlanOptions configure PlanTopProducts. The zero value plans the
// 10 best-selling products by revenue on daily data with a 7-day lead time.
type ProductPlanOptions struct {
	// Top is the number of products planned, ranked by revenue (default 10).
	Top int
	// Frequency of the demand series (default Daily); lead time and review
	// period in Inventory count these periods.
	Frequency Frequency
	// Inventory holds the shared replenishment settings; its stock fields
	// are ignored in favour of Stock. LeadTime defaults to 7 periods.
	Inventory InventoryOptions
	// Stock per product ID; products missing from it have nothing on hand.
	Stock map[string]Stock
	// To ends the history (exclusive); default: the period after the last
	// counted order, so trailing empty days are kept as zero demand.
	To time.Time
	// Location sets the calendar (default UTC).
	Location *time.Location
}

// ProductPlan is the demand forecast and replenishment advice for one product.
type ProductPlan struct {
	ProductID string
	Revenue   float64   // revenue over the history, the ranking key
	Forecast  *Forecast // unit demand over lead time + review period
	Plan      ReorderPlan
}

// PlanTopProducts forecasts unit demand of the shop's best-selling products
// (by revenue, counted orders only) with Auto and turns each forecast into
// a ReorderPlan. Products are fitted in parallel on GOMAXPROCS goroutines;
// ctx cancels the work. A product whose forecast fails makes the whole call
// fail with an error naming it.
func PlanTopProducts(ctx context.Context, orders []order.Order, opts *ProductPlanOptions) ([]ProductPlan, error) {
	var o ProductPlanOptions
	if opts != nil {
		o = *opts
	}
	if o.Top == 0 {
		o.Top = 10
	}
	if o.Top < 0 {
		return nil, invalid("Top", o.Top, "must be positive")
	}
	if o.Frequency == 0 {
		o.Frequency = Daily
	}
	if o.Inventory.LeadTime == 0 {
		o.Inventory.LeadTime = 7
	}
	if o.Inventory.ReviewPeriod == 0 {
		o.Inventory.ReviewPeriod = 1
	}
	base := SeriesOptions{Group: ByProduct, To: o.To, Location: o.Location}
	revenue := base
	revenue.Measure = Revenue
	revSeries, err := BuildSeries(orders, o.Frequency, &revenue)
	if err != nil {
		return nil, err
	}
	type ranked struct {
		id  string
		rev float64
	}
	var rank []ranked
	for _, s := range revSeries {
		sum := 0.0
		for _, v := range s.Values {
			sum += v
		}
		rank = append(rank, ranked{s.Key, sum})
	}
	sort.Slice(rank, func(i, j int) bool {
		if rank[i].rev != rank[j].rev {
			return rank[i].rev > rank[j].rev
		}
		return rank[i].id < rank[j].id
	})
	if len(rank) > o.Top {
		rank = rank[:o.Top]
	}
	units := base
	units.Measure = Units
	unitSeries, err := BuildSeries(orders, o.Frequency, &units)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]Series, len(unitSeries))
	for _, s := range unitSeries {
		byID[s.Key] = s
	}
	plans := make([]ProductPlan, len(rank))
	errs := make([]error, len(rank))
	horizon := o.Inventory.LeadTime + o.Inventory.ReviewPeriod
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, r := range rank {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if err := ctx.Err(); err != nil {
				errs[i] = err
				return
			}
			fc, err := Auto(ctx, byID[r.id], &AutoOptions{Horizon: horizon})
			if err != nil {
				errs[i] = fmt.Errorf("product %s: %w", r.id, err)
				return
			}
			inv := o.Inventory
			st := o.Stock[r.id]
			inv.OnHand, inv.OnOrder, inv.Backorders = st.OnHand, st.OnOrder, st.Backorders
			plan, err := PlanReorder(fc, inv)
			if err != nil {
				errs[i] = fmt.Errorf("product %s: %w", r.id, err)
				return
			}
			plans[i] = ProductPlan{ProductID: r.id, Revenue: r.rev, Forecast: fc, Plan: plan}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return plans, nil
}
