package forecast_test

import (
	"context"
	"testing"

	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/forecast"
)

// coverage scores Auto's intervals on a daily series by rolling origin:
// the share of actual values inside the 80% and 95% bands, their mean
// widths, and the mean sMAPE of the point forecasts.
func coverage(t *testing.T, s forecast.Series, origins []int, h int, mode forecast.IntervalMode) (cov80, cov95, w80, w95, smape float64) {
	t.Helper()
	var n float64
	for _, o := range origins {
		past := s
		past.Values = s.Values[:o]
		fc, err := forecast.Auto(context.Background(), past, &forecast.AutoOptions{Horizon: h, Intervals: mode})
		if err != nil {
			t.Fatal(err)
		}
		actual := s.Values[o : o+h]
		smape += forecast.Score(past.Values, actual, 7, fc).SMAPE / float64(len(origins))
		b80, _ := fc.Interval(80)
		b95, _ := fc.Interval(95)
		for j, v := range actual {
			n++
			if v >= b80.Lower[j] && v <= b80.Upper[j] {
				cov80++
			}
			if v >= b95.Lower[j] && v <= b95.Upper[j] {
				cov95++
			}
			w80 += b80.Upper[j] - b80.Lower[j]
			w95 += b95.Upper[j] - b95.Lower[j]
		}
	}
	return cov80 / n, cov95 / n, w80 / n, w95 / n, smape
}

// The demo shop's daily revenue, 26 weekly origins over its last half year,
// 28 days ahead: the model's intervals cover 0.758/0.920, the calibrated
// ones (Auto's default for daily data) 0.824/0.959 with the same point
// forecasts; 90 days ahead 0.749/0.921 and 0.910/0.985. The figures are
// those of BENCHMARKS.md (go test -run DemoShopDailyCoverage -v ./forecast).
func TestDemoShopDailyCoverage(t *testing.T) {
	shop, err := demo.Generate(nil)
	if err != nil {
		t.Fatal(err)
	}
	s := forecast.SalesSeries(shop.Orders, forecast.Daily)
	const h = 28
	n := len(s.Values)
	var origins []int
	for o := n - h - 7*25; o <= n-h; o += 7 {
		origins = append(origins, o)
	}
	m80, m95, mw80, mw95, msmape := coverage(t, s, origins, h, forecast.IntervalsModel)
	c80, c95, cw80, cw95, csmape := coverage(t, s, origins, h, forecast.IntervalsDefault)
	t.Logf("model      cov80 %.3f cov95 %.3f width80 %.0f width95 %.0f sMAPE %.2f", m80, m95, mw80, mw95, msmape)
	t.Logf("calibrated cov80 %.3f cov95 %.3f width80 %.0f width95 %.0f sMAPE %.2f", c80, c95, cw80, cw95, csmape)
	if msmape != csmape {
		t.Errorf("sMAPE changed: %.4f against %.4f", csmape, msmape)
	}
	if !near(c80, 0.824) || !near(c95, 0.959) || !near(m80, 0.758) || !near(m95, 0.920) {
		t.Errorf("coverage model %.3f/%.3f calibrated %.3f/%.3f, want 0.758/0.920 and 0.824/0.959", m80, m95, c80, c95)
	}

	// 90 days ahead from 13 weekly origins: the calibration windows of the
	// earlier origins hold the planted December peak, which a model without
	// a yearly cycle misses and the test windows (February–October) do
	// not hold, so the calibrated bands over-cover here.
	origins = origins[:0]
	for o := n - 90 - 7*12; o <= n-90; o += 7 {
		origins = append(origins, o)
	}
	m80, m95, mw80, mw95, _ = coverage(t, s, origins, 90, forecast.IntervalsModel)
	c80, c95, cw80, cw95, _ = coverage(t, s, origins, 90, forecast.IntervalsDefault)
	t.Logf("h=90 model      cov80 %.3f cov95 %.3f width80 %.0f width95 %.0f", m80, m95, mw80, mw95)
	t.Logf("h=90 calibrated cov80 %.3f cov95 %.3f width80 %.0f width95 %.0f", c80, c95, cw80, cw95)
	if !near(c80, 0.910) || !near(c95, 0.985) || !near(m80, 0.749) || !near(m95, 0.921) {
		t.Errorf("h=90 coverage model %.3f/%.3f calibrated %.3f/%.3f, want 0.749/0.921 and 0.910/0.985", m80, m95, c80, c95)
	}
}

func near(a, b float64) bool { return a > b-0.0015 && a < b+0.0015 }
