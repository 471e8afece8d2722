package clv

import (
	"context"
	"testing"
)

// BenchmarkFitBGNBD100k fits BG/NBD to 100,000 simulated customers
// (r=0.24, α=4.4, a=0.79, b=2.4; T = 52 weeks).
func BenchmarkFitBGNBD100k(b *testing.B) {
	ss := SimulateBGNBD(BGNBD{R: 0.24, Alpha: 4.4, A: 0.79, B: 2.4}, 100_000, 52, 0, 1)
	var m *BGNBD
	for b.Loop() {
		var err error
		if m, err = FitBGNBD(context.Background(), ss, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(m.Fit.Iterations), "iterations")
}

// BenchmarkFitGammaGamma100k fits Gamma-Gamma to the repeat buyers among
// 100,000 simulated customers (p=6.25, q=3.74, v=15.44).
func BenchmarkFitGammaGamma100k(b *testing.B) {
	ss := SimulateBGNBD(BGNBD{R: 0.24, Alpha: 4.4, A: 0.79, B: 2.4}, 100_000, 52, 0, 1)
	SimulateSpend(GammaGamma{P: 6.25, Q: 3.74, V: 15.44}, ss, 2)
	var m *GammaGamma
	for b.Loop() {
		var err error
		if m, err = FitGammaGamma(context.Background(), ss, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(m.Fit.N), "repeat-buyers")
}

// BenchmarkFitParetoNBD100k fits Pareto/NBD to 100,000 simulated customers
// (CDNOW estimates r=0.55, α=10.58, s=0.61, β=11.67; T = 52 weeks).
func BenchmarkFitParetoNBD100k(b *testing.B) {
	ss := SimulateParetoNBD(ParetoNBD{R: 0.55, Alpha: 10.58, S: 0.61, Beta: 11.67}, 100_000, 52, 0, 1)
	for b.Loop() {
		if _, err := FitParetoNBD(context.Background(), ss, nil); err != nil {
			b.Fatal(err)
		}
	}
}
