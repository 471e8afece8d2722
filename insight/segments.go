package insight

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/crmkit/crmkit/clv"
	"github.com/crmkit/crmkit/segment"
	"github.com/google/uuid"
)

// atRiskSegments are the RFM segments whose customers are listed as at risk:
// they bought often or for much, but not lately.
var atRiskSegments = map[string]bool{segment.SegmentAtRisk: true, segment.SegmentCantLose: true}

// annualDiscount is the yearly discount rate of predicted lifetime value.
const annualDiscount = 0.10

// valueModels is what the value section fitted, kept for the what-if
// simulation.
type valueModels struct {
	records  []segment.Record
	segments map[uuid.UUID]string
	summary  []clv.Summary
	bg       *clv.BGNBD
	gg       *clv.GammaGamma
	values   map[uuid.UUID]clv.Value
}

// value segments the customers by RFM and by clustering as of the period's
// end and predicts their lifetime value. A model that cannot be fitted
// leaves its part empty and a note.
func (h *history) value(ctx context.Context, p Period, o Options) (Value, *valueModels, []string, error) {
	var notes []string
	vm := &valueModels{segments: map[uuid.UUID]string{}, values: map[uuid.UUID]clv.Value{}}
	v := Value{CLVWeeks: o.CLVWeeks, Segments: []SegmentShare{}, Clusters: []SegmentShare{}, TopCLV: []CustomerValue{}, AtRisk: []CustomerValue{}}
	vm.records = segment.FromOrders(h.orders, p.To)
	v.Customers = len(vm.records)
	if len(vm.records) == 0 {
		return v, vm, notes, nil
	}
	total := 0.0
	for _, r := range vm.records {
		total += r.Monetary
	}
	rfm, err := segment.RFM(vm.records, segment.RFMOptions{AsOf: p.To})
	if err != nil {
		return v, vm, notes, fmt.Errorf("insight: RFM: %w", err)
	}
	sizes, money := map[string]int{}, map[string]float64{}
	for _, s := range rfm.Scores {
		vm.segments[s.CustomerID] = s.Segment
		sizes[s.Segment]++
		money[s.Segment] += s.Monetary
	}
	for name, n := range sizes {
		v.Segments = append(v.Segments, SegmentShare{Name: name, Customers: n, Share: ratio(float64(n), float64(len(vm.records))),
			Revenue: cents(money[name]), RevenueShare: ratio(money[name], total)})
	}
	slices.SortFunc(v.Segments, func(a, b SegmentShare) int {
		if c := cmp.Compare(b.Customers, a.Customers); c != 0 {
			return c
		}
		return cmp.Compare(a.Name, b.Name)
	})

	// Clustering and the lifetime-value fits are independent: run them side
	// by side.
	var (
		cl    *segment.RFMClusters
		clErr error
		wg    sync.WaitGroup
	)
	wg.Go(func() { cl, clErr = segment.ClusterRFM(ctx, vm.records, &segment.RFMClusterOptions{AsOf: p.To}) })
	clvErr := vm.fitCLV(ctx, h, p, o.CLVWeeks)
	wg.Wait()
	if clErr != nil {
		if ctx.Err() != nil {
			return v, vm, notes, ctx.Err()
		}
		notes = append(notes, fmt.Sprintf("clusters: %v", clErr))
	} else {
		for _, pr := range cl.Profiles {
			v.Clusters = append(v.Clusters, SegmentShare{Name: fmt.Sprintf("cluster %d", pr.Cluster+1), Customers: pr.Size, Share: pr.Share,
				Revenue: cents(pr.MeanMonetary * float64(pr.Size)), RevenueShare: pr.RevenueShare, Description: pr.Description})
		}
	}

	byMoney := slices.Clone(rfm.Scores)
	slices.SortFunc(byMoney, func(a, b segment.Score) int {
		if c := cmp.Compare(b.Monetary, a.Monetary); c != 0 {
			return c
		}
		return cmp.Compare(a.CustomerID.String(), b.CustomerID.String())
	})
	if clvErr != nil {
		if ctx.Err() != nil {
			return v, vm, notes, ctx.Err()
		}
		notes = append(notes, fmt.Sprintf("lifetime value: %v", clvErr))
	} else {
		v.BGNBD = map[string]any{"r": vm.bg.R, "alpha": vm.bg.Alpha, "a": vm.bg.A, "b": vm.bg.B, "unit": "week"}
		v.GammaGamma = map[string]any{"p": vm.gg.P, "q": vm.gg.Q, "v": vm.gg.V}
		vals := make([]clv.Value, 0, len(vm.values))
		alive := 0.0
		for _, s := range vm.summary {
			x := vm.values[s.CustomerID]
			v.TotalCLV += x.CLV
			alive += x.PAlive
			vals = append(vals, x)
		}
		v.MeanPAlive = ratio(alive, float64(len(vals)))
		scoreOf := map[uuid.UUID]segment.Score{}
		for _, s := range rfm.Scores {
			scoreOf[s.CustomerID] = s
		}
		for _, x := range clv.TopValues(vals, o.AtRisk) {
			v.TopCLV = append(v.TopCLV, vm.customerValue(scoreOf[x.CustomerID]))
		}
	}
	v.TotalCLV = cents(v.TotalCLV)
	for _, s := range byMoney {
		if !atRiskSegments[s.Segment] {
			continue
		}
		v.AtRiskRevenue += s.Monetary
		if len(v.AtRisk) < o.AtRisk {
			v.AtRisk = append(v.AtRisk, vm.customerValue(s))
		}
	}
	v.AtRiskRevenue = cents(v.AtRiskRevenue)
	return v, vm, notes, nil
}

func (vm *valueModels) customerValue(s segment.Score) CustomerValue {
	x := vm.values[s.CustomerID]
	return CustomerValue{CustomerID: s.CustomerID.String(), Segment: s.Segment, Orders: s.Frequency, Spent: cents(s.Monetary),
		RecencyDays: math.Round(s.RecencyDays*10) / 10, PAlive: x.PAlive, CLV: cents(x.CLV)}
}

// fitCLV fits BG/NBD and Gamma-Gamma in weeks as of the period's end and
// predicts every customer's discounted value over the horizon.
func (vm *valueModels) fitCLV(ctx context.Context, h *history, p Period, weeks int) error {
	ss, err := clv.Summaries(h.orders, &clv.SummaryOptions{Unit: 7 * 24 * time.Hour, ObservationEnd: p.To})
	if err != nil {
		return err
	}
	bg, err := clv.FitBGNBD(ctx, ss, nil)
	if err != nil {
		return err
	}
	gg, err := clv.FitGammaGamma(ctx, ss, nil)
	if err != nil {
		return err
	}
	const periods = 12
	rate := math.Pow(1+annualDiscount, float64(weeks)/52/periods) - 1
	vals, err := clv.Values(bg, gg, ss, clv.ValueOptions{Horizon: float64(weeks), Periods: periods, DiscountRate: rate})
	if err != nil {
		return err
	}
	vm.summary, vm.bg, vm.gg = ss, bg, gg
	for _, x := range vals {
		vm.values[x.CustomerID] = x
	}
	return nil
}
