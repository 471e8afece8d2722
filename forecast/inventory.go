package forecast

import (
	"fmt"
	"math"
)

// InventoryOptions describe a SKU's replenishment for PlanReorder. Lead
// time and review period are counted in the forecast's periods.
type InventoryOptions struct {
	LeadTime     int     // periods from ordering to receiving (≥ 1)
	ReviewPeriod int     // periods between order decisions (default 1)
	ServiceLevel float64 // probability of no stock-out in a cycle (default 0.95)
	OnHand       float64 // stock on the shelf
	OnOrder      float64 // ordered, not yet received
	Backorders   float64 // demand owed to customers
	PackSize     float64 // order in multiples of this (0: any quantity)
	MinOrder     float64 // smallest order worth placing (0: none)
	// Conservative treats forecast errors at successive periods as
	// perfectly correlated (σ_L = Σσ_i) instead of independent
	// (σ_L = sqrt(Σσ_i²)).
	Conservative bool
}

// ReorderPlan is the replenishment advice for one SKU.
type ReorderPlan struct {
	LeadTimeDemand    float64 // expected demand over the lead time, μ_L
	LeadTimeSD        float64 // its standard deviation, σ_L
	SafetyStock       float64 // z·σ_L
	ReorderPoint      float64 // μ_L + safety stock
	OrderUpTo         float64 // target position over lead time + review period
	InventoryPosition float64 // on hand + on order - backorders
	Reorder           bool    // position at or below the reorder point
	SuggestedQuantity float64 // order this much now (0 when Reorder is false)
}

// PlanReorder turns a demand forecast into replenishment advice with the
// textbook normal approximation (Silver, Pyke & Peterson, Inventory
// Management, ch. 6–7):
//
//	μ_L = Σ_{i≤L} mean_i                σ_i = (upper_i − mean_i)/z_level
//	σ_L = sqrt(Σ_{i≤L} σ_i²)            (Σ σ_i when Conservative)
//	safety stock = z_SL·σ_L             z_SL = Φ⁻¹(ServiceLevel)
//	reorder point = μ_L + safety stock
//	order-up-to S = μ_{L+R} + z_SL·σ_{L+R}
//	position = on hand + on order − backorders
//	suggested = S − position, rounded up to PackSize, at least MinOrder,
//	            when position ≤ reorder point
//
// σ_i comes from the forecast's widest interval (its upper half, which
// truncation at zero leaves intact). The forecast must reach L+R periods.
func PlanReorder(fc *Forecast, opts InventoryOptions) (ReorderPlan, error) {
	if opts.LeadTime < 1 {
		return ReorderPlan{}, invalid("LeadTime", opts.LeadTime, "must be at least 1 period")
	}
	if opts.ReviewPeriod == 0 {
		opts.ReviewPeriod = 1
	}
	if opts.ReviewPeriod < 0 {
		return ReorderPlan{}, invalid("ReviewPeriod", opts.ReviewPeriod, "must not be negative")
	}
	if opts.ServiceLevel == 0 {
		opts.ServiceLevel = 0.95
	}
	if !(opts.ServiceLevel > 0 && opts.ServiceLevel < 1) {
		return ReorderPlan{}, invalid("ServiceLevel", opts.ServiceLevel, "must be strictly between 0 and 1")
	}
	if opts.PackSize < 0 || opts.MinOrder < 0 {
		return ReorderPlan{}, invalid("PackSize/MinOrder", fmt.Sprint(opts.PackSize, "/", opts.MinOrder), "must not be negative")
	}
	horizon := opts.LeadTime + opts.ReviewPeriod
	if fc == nil || len(fc.Mean) < horizon {
		n := 0
		if fc != nil {
			n = len(fc.Mean)
		}
		return ReorderPlan{}, invalid("forecast", n, fmt.Sprintf("needs at least lead time + review period = %d periods", horizon))
	}
	if len(fc.Intervals) == 0 {
		return ReorderPlan{}, fmt.Errorf("%w: forecast has no prediction intervals to size safety stock", ErrInvalid)
	}
	iv := fc.Intervals[0]
	for _, x := range fc.Intervals[1:] {
		if x.Level > iv.Level {
			iv = x
		}
	}
	if len(iv.Upper) < horizon || !(iv.Level > 0 && iv.Level < 100) {
		return ReorderPlan{}, invalid("forecast.Intervals", iv.Level, "interval must be a level in (0, 100) covering lead time + review period")
	}
	zLevel := normalQuantile(0.5 + iv.Level/200)
	z := normalQuantile(opts.ServiceLevel)
	demand := func(periods int) (mu, sd float64) {
		var ss, s float64
		for i := 0; i < periods; i++ {
			mu += fc.Mean[i]
			si := math.Max(iv.Upper[i]-fc.Mean[i], 0) / zLevel
			ss += si * si
			s += si
		}
		if opts.Conservative {
			return mu, s
		}
		return mu, math.Sqrt(ss)
	}
	var p ReorderPlan
	p.LeadTimeDemand, p.LeadTimeSD = demand(opts.LeadTime)
	p.SafetyStock = z * p.LeadTimeSD
	p.ReorderPoint = p.LeadTimeDemand + p.SafetyStock
	muLR, sdLR := demand(horizon)
	p.OrderUpTo = muLR + z*sdLR
	p.InventoryPosition = opts.OnHand + opts.OnOrder - opts.Backorders
	p.Reorder = p.InventoryPosition <= p.ReorderPoint
	if p.Reorder {
		q := math.Max(p.OrderUpTo-p.InventoryPosition, 0)
		if opts.PackSize > 0 {
			q = math.Ceil(q/opts.PackSize-1e-9) * opts.PackSize
		}
		if q > 0 && q < opts.MinOrder {
			q = opts.MinOrder
		}
		p.SuggestedQuantity = q
	}
	return p, nil
}
