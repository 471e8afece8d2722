package recommend

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// invertSPD against gonum's Cholesky inverse on sizes around and across tile edges.
func TestInvertSPD(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 5, spdTile, spdTile + 1, 2*spdTile + 37, 3 * spdTile} {
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
