package forecast

import (
	"context"
	"testing"
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
