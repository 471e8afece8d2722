package main

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/crmkit/crmkit/store"
)

func TestForecastCommand(t *testing.T) {
	db := sharedShop(t)
	st := openShop(t, db)
	revenue, units := 0.0, map[string]float64{}
	for o, err := range st.Orders(context.Background(), store.OrderFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		if o.Counts() {
			revenue += o.Revenue().InexactFloat64()
			for _, l := range o.Lines {
				units[l.ProductID] += float64(l.Quantity)
			}
		}
	}

	var daily forecastOutput
	cliJSON(t, &daily, "forecast", "-db", db, "-horizon", "14", "-json", "-q")
	if len(daily.Forecasts) != 1 || daily.Horizon != 14 || daily.Frequency != "daily" {
		t.Fatalf("daily: %+v", daily)
	}
	f := daily.Forecasts[0]
	if math.Abs(f.HistoryTotal-revenue) > 0.01 || f.HistoryPeriods != 730 || f.Measure != "revenue" {
		t.Errorf("history %d periods totalling %.2f (%s); the orders bring %.2f in 730 days", f.HistoryPeriods, f.HistoryTotal, f.Measure, revenue)
	}
	checkPeriods(t, f, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), 24*time.Hour, []string{"80", "95"})
	if f.TotalMean <= 0 {
		t.Errorf("expected revenue %.2f", f.TotalMean)
	}

	// Weekly: the incomplete last week is left out, so the forecast starts
	// on its Monday.
	var weekly forecastOutput
	cliJSON(t, &weekly, "forecast", "-db", db, "-freq", "weekly", "-levels", "90", "-json", "-q")
	w := weekly.Forecasts[0]
	if weekly.Horizon != 13 || w.Periods[0].Start.Weekday() != time.Monday || w.HistoryTotal >= revenue {
		t.Errorf("weekly: horizon %d, first %s, history %.2f of %.2f", weekly.Horizon, w.Periods[0].Start, w.HistoryTotal, revenue)
	}
	checkPeriods(t, w, time.Date(2026, 10, 26, 0, 0, 0, 0, time.UTC), 7*24*time.Hour, []string{"90"})

	// One product's unit demand, and the best sellers.
	var best string
	for p, n := range units {
		if n > units[best] || (n == units[best] && p < best) {
			best = p
		}
	}
	var product forecastOutput
	cliJSON(t, &product, "forecast", "-db", db, "-product", best, "-freq", "monthly", "-horizon", "3", "-json", "-q")
	p := product.Forecasts[0]
	if p.Key != best || p.Measure != "units" || p.Name == "" || p.HistoryTotal != units[best] || len(p.Periods) != 3 {
		t.Errorf("product %s (%.0f units sold): %+v", best, units[best], p)
	}
	var top forecastOutput
	cliJSON(t, &top, "forecast", "-db", db, "-top", "4", "-freq", "monthly", "-horizon", "4", "-json")
	if len(top.Forecasts) != 4 || top.Forecasts[0].Key != best {
		t.Fatalf("-top 4: %d forecasts, first %s, want %s", len(top.Forecasts), top.Forecasts[0].Key, best)
	}
	for i, r := range top.Forecasts {
		if r.HistoryTotal != units[r.Key] || (i > 0 && r.HistoryTotal > top.Forecasts[i-1].HistoryTotal) {
			t.Errorf("best seller %d: %s with %.0f units (store %.0f)", i, r.Key, r.HistoryTotal, units[r.Key])
		}
	}
	var cat forecastOutput
	cliJSON(t, &cat, "forecast", "-db", db, "-category", "shoes", "-measure", "orders", "-freq", "monthly", "-json", "-q")
	if cat.Forecasts[0].Key != "shoes" || cat.Forecasts[0].Measure != "orders" || cat.Horizon != 12 {
		t.Errorf("category: %+v", cat.Forecasts[0])
	}

	text := cliOK(t, "forecast", "-db", db, "-horizon", "3", "-q")
	if !strings.Contains(text, "daily revenue of total") || !strings.Contains(text, "2026-11-01 Sun") || !strings.Contains(text, "95% HIGH") {
		t.Errorf("table:\n%s", text)
	}
	text = cliOK(t, "forecast", "-db", db, "-top", "2", "-q")
	if !strings.Contains(text, best) || !strings.Contains(text, "95% INTERVAL") {
		t.Errorf("summary table:\n%s", text)
	}
	wantExit(t, exitUsage, "-freq", "forecast", "-db", db, "-freq", "hourly")
	wantExit(t, exitUsage, "-levels", "forecast", "-db", db, "-levels", "80,120")
	wantExit(t, exitUsage, "one of -product", "forecast", "-db", db, "-product", best, "-top", "3")
	wantExit(t, exitNotFound, "no product", "forecast", "-db", db, "-product", "P99999", "-q")
}

// checkPeriods checks a forecast's calendar and that every interval holds
// its mean, the wider level the narrower.
func checkPeriods(t *testing.T, f forecastResult, first time.Time, step time.Duration, levels []string) {
	t.Helper()
	for i, p := range f.Periods {
		if want := first.Add(time.Duration(i) * step); !p.Start.Equal(want) {
			t.Errorf("period %d starts %s, want %s", i, p.Start, want)
		}
		if len(p.Intervals) != len(levels) {
			t.Errorf("period %d: intervals %v, want levels %v", i, p.Intervals, levels)
		}
		for _, l := range levels {
			b := p.Intervals[l]
			if b[0] > p.Mean || b[1] < p.Mean || b[0] < 0 {
				t.Errorf("period %d: %s%% interval %v around mean %.2f", i, l, b, p.Mean)
			}
		}
		if b80, b95 := p.Intervals["80"], p.Intervals["95"]; len(levels) == 2 && (b95[0] > b80[0] || b95[1] < b80[1]) {
			t.Errorf("period %d: 95%% %v narrower than 80%% %v", i, b95, b80)
		}
	}
}
