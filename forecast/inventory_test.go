package forecast

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/crmkit/crmkit/order"
)

func TestPlanReorderHandChecked(t *testing.T) {
	// Demand forecast 10 per period with σ = 2 each period (95% interval
	// 10 ± 1.959964·2).
	h := 6
	fc := &Forecast{Mean: make([]float64, h), Intervals: []Interval{{Level: 95, Lower: make([]float64, h), Upper: make([]float64, h)}}}
	z95 := 1.959963984540054
	for i := 0; i < h; i++ {
		fc.Mean[i] = 10
		fc.Intervals[0].Lower[i] = 10 - z95*2
		fc.Intervals[0].Upper[i] = 10 + z95*2
	}
	p, err := PlanReorder(fc, InventoryOptions{LeadTime: 4, ReviewPeriod: 1, ServiceLevel: 0.95, OnHand: 30, PackSize: 6})
	if err != nil {
		t.Fatal(err)
	}
	// By hand: μ_L = 40, σ_L = sqrt(4·4) = 4, z(0.95) = 1.644854,
	// SS = 6.579415, ROP = 46.579415; S = 50 + 1.644854·sqrt(20) = 57.356;
	// position 30 ≤ ROP, so order 27.356 → 5 packs of 6 = 30.
	assertRel(t, "mu_L", p.LeadTimeDemand, 40, 1e-12)
	assertRel(t, "sigma_L", p.LeadTimeSD, 4, 1e-12)
	assertRel(t, "safety stock", p.SafetyStock, 6.579414507805886, 1e-9)
	assertRel(t, "reorder point", p.ReorderPoint, 46.579414507805886, 1e-9)
	assertRel(t, "order-up-to", p.OrderUpTo, 50+1.6448536269514722*4.47213595499958, 1e-9)
	if !p.Reorder || p.SuggestedQuantity != 30 {
		t.Errorf("reorder %v qty %v, want true 30", p.Reorder, p.SuggestedQuantity)
	}
	// Conservative: σ_L = 4·2 = 8.
	c, _ := PlanReorder(fc, InventoryOptions{LeadTime: 4, OnHand: 100, Conservative: true})
	assertRel(t, "conservative sigma_L", c.LeadTimeSD, 8, 1e-12)
	if c.Reorder || c.SuggestedQuantity != 0 {
		t.Errorf("well stocked SKU should not reorder: %+v", c)
	}
	if _, err := PlanReorder(fc, InventoryOptions{LeadTime: 6}); !errors.Is(err, ErrInvalid) {
		t.Errorf("forecast shorter than lead time + review: %v", err)
	}
}

func TestPlanTopProducts(t *testing.T) {
	// Product "a" sells 3 units a day at 10.00, "b" 1 unit a day at 5.00,
	// "c" once; ten weeks of history.
	var orders []order.Order
	day := time.Date(2026, 1, 5, 12, 0, 0, 0, time.UTC)
	for d := 0; d < 70; d++ {
		at := day.AddDate(0, 0, d).Format(time.RFC3339)
		qa := 2 + d%3 // 2, 3, 4: mean 3
		orders = append(orders, testOrder(at, order.StatusPaid, line("a", "tea", qa, "10.00"), line("b", "mugs", 1, "5.00")))
	}
	orders = append(orders, testOrder(day.Format(time.RFC3339), order.StatusPaid, line("c", "misc", 1, "1.00")))
	plans, err := PlanTopProducts(context.Background(), orders, &ProductPlanOptions{
		Top:       2,
		Inventory: InventoryOptions{LeadTime: 7, ServiceLevel: 0.9},
		Stock:     map[string]Stock{"a": {OnHand: 10}, "b": {OnHand: 100}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(plans) != 2 || plans[0].ProductID != "a" || plans[1].ProductID != "b" {
		t.Fatalf("plans %+v", plans)
	}
	a, b := plans[0].Plan, plans[1].Plan
	if math.Abs(a.LeadTimeDemand-21) > 2 {
		t.Errorf("product a lead-time demand %.2f, want about 21", a.LeadTimeDemand)
	}
	if !a.Reorder || a.SuggestedQuantity < a.ReorderPoint-10 {
		t.Errorf("product a with 10 on hand must reorder: %+v", a)
	}
	if b.Reorder {
		t.Errorf("product b with 100 on hand must not reorder: %+v", b)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := PlanTopProducts(ctx, orders, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}
