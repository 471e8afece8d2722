package segment

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// BenchmarkKMeansOnlineRetail fits k = 2..8 with 10 restarts on the Online
// Retail RFM matrix (log1p, standardised), one fit per iteration.
func BenchmarkKMeansOnlineRetail(b *testing.B) {
	raw := loadRetailRFM(b)
	z, _, err := Prepare(raw, &FeatureOptions{Log1p: []bool{true, true, true}})
	if err != nil {
		b.Fatal(err)
	}
	for k := 2; k <= 8; k++ {
		for _, w := range []int{1, 0} {
			b.Run(fmt.Sprintf("k=%d/workers=%d", k, w), func(b *testing.B) {
				var res *KMeansResult
				for b.Loop() {
					res, err = KMeans(context.Background(), z, k, &KMeansOptions{Restarts: 10, Workers: w})
					if err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(res.Inertia, "inertia")
			})
		}
	}
}

// BenchmarkKMeansMillion fits k=8 on 1,000,000 points in 8 dimensions drawn
// around 8 random centres.
func BenchmarkKMeansMillion(b *testing.B) {
	x := blobs(1_000_000, 8, 8, 1)
	for _, restarts := range []int{1, 10} {
		b.Run(fmt.Sprintf("restarts=%d", restarts), func(b *testing.B) {
			for b.Loop() {
				if _, err := KMeans(context.Background(), x, 8, &KMeansOptions{Restarts: restarts}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// blobs draws n points in d dimensions around k centres spread in a cube of
// side 10, with unit normal noise.
func blobs(n, d, k int, seed uint64) *mat.Dense {
	rng := rand.New(rand.NewPCG(seed, 7))
	centres := make([]float64, k*d)
	for i := range centres {
		centres[i] = rng.Float64() * 10
	}
	x := mat.NewDense(n, d, nil)
	data := x.RawMatrix().Data
	for i := range n {
		c := rng.IntN(k)
		for j := range d {
			data[i*d+j] = centres[c*d+j] + rng.NormFloat64()
		}
	}
	return x
}
