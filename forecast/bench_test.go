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
