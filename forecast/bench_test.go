package forecast

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"
)

func BenchmarkAutoETSAirPassengers(b *testing.B) {
	ap := loadColumn(b, "AirPassengers.csv")
	for b.Loop() {
		if _, err := AutoETS(context.Background(), ap, 12, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFitETSMAdM(b *testing.B) {
	ap := loadColumn(b, "AirPassengers.csv")
	spec := ETSSpec{Error: Multiplicative, Trend: Additive, Damped: true, Season: Multiplicative}
	for b.Loop() {
		if _, err := FitETS(ap, 12, spec); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTourismMonthlyETS fits AutoETS to the first 20 monthly tourism
// series per iteration (the full set runs in "crmkit eval forecast").
func BenchmarkTourismMonthlyETS(b *testing.B) {
	train, _, ids, _ := loadTourismMonthly(b, 20)
	b.ResetTimer()
	for b.Loop() {
		for _, id := range ids {
			if _, err := AutoETS(context.Background(), train[id], 12, nil); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkAutoDaily forecasts two years of simulated daily revenue 90 days
// ahead with the model's intervals and with calibrated ones (the default),
// which refit the method at up to 12 earlier origins.
func BenchmarkAutoDaily(b *testing.B) {
	y := simulateDaily(rand.New(rand.NewPCG(1, 2)), 730)
	s := Series{Frequency: Daily, Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Values: y}
	for _, bc := range []struct {
		name string
		mode IntervalMode
	}{{"model", IntervalsModel}, {"calibrated", IntervalsCalibrated}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Auto(context.Background(), s, &AutoOptions{Horizon: 90, Intervals: bc.mode}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
