package insight

import (
	"testing"
	"time"

	"github.com/crmkit/crmkit/forecast"
)

// TestAnomaliesByHand flags the weeks outside a given 95% band.
func TestAnomaliesByHand(t *testing.T) {
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC) // a Monday
	s := forecast.Series{Key: "total", Frequency: forecast.Weekly, Start: start, Values: []float64{10, 10, 10, 100, 150, 40, 95}}
	fc := &forecast.Forecast{Mean: []float64{100, 100, 100, 100},
		Intervals: []forecast.Interval{{Level: 95, Lower: []float64{80, 80, 80, 90}, Upper: []float64{120, 120, 120, 110}}}}
	got := anomalies("revenue", s, 3, fc)
	want := []Anomaly{
		{KPI: "revenue", Week: "2026-02-02", Actual: 150, Expected: 100, Lower: 80, Upper: 120, Excess: 30, Size: 0.5},
		{KPI: "revenue", Week: "2026-02-09", Actual: 40, Expected: 100, Lower: 80, Upper: 120, Excess: -40, Size: -0.6},
	}
	if len(got) != len(want) {
		t.Fatalf("anomalies %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("anomaly %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
