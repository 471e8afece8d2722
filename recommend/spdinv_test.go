package recommend

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// invertSPD against gonum's Cholesky inverse on sizes around and across tile edges,
// with each micro-kernel the machine can run.
func TestInvertSPD(t *testing.T) {
	for name, k := range kernels() {
		t.Run(name, func(t *testing.T) { withKernel(k, func() { testInvertSPD(t) }) })
	}
}

func testInvertSPD(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 5, spdTile, spdTile + 1, 2*spdTile + 37, 3*spdTile + 5} {
		x := mat.NewDense(n+10, n, nil)
		for r := 0; r < n+10; r++ {
			for c := 0; c < n; c++ {
				if rng.Float64() < 0.3 {
					x.Set(r, c, 1)
				}
			}
		}
		var g mat.SymDense
		g.SymOuterK(1, x.T())
		a := make([]float64, n*n)
		for r := 0; r < n; r++ {
			g.SetSym(r, r, g.At(r, r)+2)
			for c := 0; c < n; c++ {
				a[r*n+c] = g.At(r, c)
			}
		}
		var chol mat.Cholesky
		if !chol.Factorize(&g) {
			t.Fatal("reference factorisation failed")
		}
		var want mat.SymDense
		if err := chol.InverseTo(&want); err != nil {
			t.Fatal(err)
		}
		if err := invertSPD(ctx, a, n); err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		for r := 0; r < n; r++ {
			for c := 0; c < n; c++ {
				if d := math.Abs(a[r*n+c] - want.At(r, c)); d > 1e-10*(1+math.Abs(want.At(r, c))) {
					t.Fatalf("n=%d: inverse differs at (%d,%d): %g vs %g", n, r, c, a[r*n+c], want.At(r, c))
				}
			}
		}
	}
	bad := []float64{1, 2, 2, 1}
	if err := invertSPD(ctx, bad, 2); err == nil {
		t.Error("indefinite matrix accepted")
	}
}

// BenchmarkInvertSPD inverts a Gram-like matrix of MovieLens 100K's size (1,645
// items): the bulk of EASE's training.
func BenchmarkInvertSPD(b *testing.B) {
	const n, users = 1645, 943
	rng := rand.New(rand.NewPCG(7, 8))
	x := mat.NewDense(users, n, nil)
	for r := 0; r < users; r++ {
		for c := 0; c < n; c++ {
			if rng.Float64() < 0.05 {
				x.Set(r, c, 1)
			}
		}
	}
	var g mat.SymDense
	g.SymOuterK(1, x.T())
	src := make([]float64, n*n)
	for r := 0; r < n; r++ {
		for c := 0; c < n; c++ {
			src[r*n+c] = g.At(r, c)
		}
		src[r*n+r] += 250
	}
	a := make([]float64, n*n)
	for name, k := range kernels() {
		b.Run(name, func(b *testing.B) {
			withKernel(k, func() {
				cpu := processCPU()
				defer func() { b.ReportMetric((processCPU()-cpu).Seconds()/float64(b.N), "cpu-s/op") }()
				for b.Loop() {
					copy(a, src)
					if err := invertSPD(ctx, a, n); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
