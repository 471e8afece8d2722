package recommend

import (
	"math"
	"math/rand/v2"
	"testing"
)

// kernels returns the micro-kernels this machine can run, by name.
func kernels() map[string]func(int, []float64, []float64, []float64, int) {
	ks := map[string]func(int, []float64, []float64, []float64, int){"go": microKernelGo}
	for name, k := range asmKernels {
		ks[name] = k
	}
	return ks
}

// withKernel runs f with microKernel set to k.
func withKernel(k func(int, []float64, []float64, []float64, int), f func()) {
	saved := microKernel
	microKernel = k
	defer func() { microKernel = saved }()
	f()
}

// gemm against the triple loop, for every transpose combination and sizes off the
// panel edges, with each micro-kernel.
func TestGemm(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	randSlice := func(n int) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = rng.NormFloat64()
		}
		return v
	}
	for name, k := range kernels() {
		withKernel(k, func() {
			var s gemmScratch
			for _, dims := range [][3]int{{1, 1, 1}, {4, 8, 1}, {5, 9, 3}, {13, 17, 29}, {64, 64, 64}, {67, 45, 101}} {
				m, n, kk := dims[0], dims[1], dims[2]
				for _, ta := range []bool{false, true} {
					for _, tb := range []bool{false, true} {
						const ld = 130 // strides wider than the views
						a := dense{data: randSlice(ld * ld), stride: ld, trans: ta}
						b := dense{data: randSlice(ld * ld), stride: ld, trans: tb}
						c := randSlice(ld * ld)
						want := append([]float64(nil), c...)
						for i := 0; i < m; i++ {
							for j := 0; j < n; j++ {
								var sum float64
								for p := 0; p < kk; p++ {
									sum += a.at(i, p) * b.at(p, j)
								}
								want[i*ld+j] += -1.5 * sum
							}
						}
						gemm(m, n, kk, -1.5, a, b, c, ld, &s)
						for i := range c {
							if d := math.Abs(c[i] - want[i]); d > 1e-12*(1+math.Abs(want[i]))*float64(kk) {
								t.Fatalf("%s kernel, %d×%d×%d, trans %v %v: element %d is %g, want %g", name, m, n, kk, ta, tb, i, c[i], want[i])
							}
						}
					}
				}
			}
		})
	}
}

// BenchmarkGemm reports the micro-kernels' speed on one tile-sized product.
func BenchmarkGemm(b *testing.B) {
	const n = 128
	rng := rand.New(rand.NewPCG(5, 6))
	x := make([]float64, n*n)
	for i := range x {
		x[i] = rng.Float64()
	}
	c := make([]float64, n*n)
	for name, k := range kernels() {
		b.Run(name, func(b *testing.B) {
			withKernel(k, func() {
				var s gemmScratch
				for b.Loop() {
					gemm(n, n, n, 1, dense{data: x, stride: n}, dense{data: x, stride: n, trans: true}, c, n, &s)
				}
				b.ReportMetric(2*n*n*n*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		})
	}
}

// packTransposed of a packed right operand equals packA of the transposed view.
func TestPackTransposed(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, dims := range [][2]int{{1, 1}, {5, 3}, {8, 8}, {13, 29}, {128, 109}} {
		rows, cols := dims[0], dims[1]
		b := make([]float64, rows*cols)
		for i := range b {
			b[i] = rng.NormFloat64()
		}
		view := dense{data: b, stride: cols}
		want := packA(cols, rows, 1, dense{data: b, stride: cols, trans: true}, nil)
		got := packTransposed(rows, cols, packB(rows, cols, view, nil), nil)
		if len(got) != len(want) {
			t.Fatalf("%d×%d: length %d, want %d", rows, cols, len(got), len(want))
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("%d×%d: element %d is %g, want %g", rows, cols, i, got[i], want[i])
			}
		}
	}
}
