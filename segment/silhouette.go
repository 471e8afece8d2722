package segment

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// SilhouetteOptions configures Silhouette. The zero value (or nil) is exact
// up to 5,000 rows and samples 5,000 rows (seed 0) above that.
type SilhouetteOptions struct {
	// SampleSize is the number of rows scored when there are more; zero
	// means 5,000. The sample is drawn without replacement and scored
	// against itself, as a smaller data set.
	SampleSize int
	// Seed fixes the sample.
	Seed uint64
	// Workers bounds the goroutines used; zero means runtime.GOMAXPROCS.
	Workers int
}

// Silhouette returns the mean silhouette coefficient of a clustering
// (Rousseeuw 1987): for each row, s = (b − a) / max(a, b) with a its mean
// Euclidean distance to the rest of its cluster and b the smallest mean
// distance to another cluster; rows alone in their cluster score 0. It lies
// in [−1, 1], higher meaning tighter, better separated clusters.
//
// It returns ErrNoData for no rows and an *InputError when labels do not
// match x or fewer than two clusters are present.
func Silhouette(x mat.Matrix, labels []int, opt *SilhouetteOptions) (float64, error) {
	var o SilhouetteOptions
	if opt != nil {
		o = *opt
	}
	if o.SampleSize <= 0 {
		o.SampleSize = 5000
	}
	data, n, d, err := rowMajor(x)
	if err != nil {
		return 0, err
	}
	if len(labels) != n {
		return 0, invalid("labels", len(labels), "needs one label per row")
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	if n > o.SampleSize {
		rng := rand.New(rand.NewPCG(o.Seed, 0x51))
		for i := range o.SampleSize {
			j := i + rng.IntN(n-i)
			idx[i], idx[j] = idx[j], idx[i]
		}
		idx = idx[:o.SampleSize]
	}
	k := 0
	for _, i := range idx {
		if labels[i] < 0 || labels[i] >= n {
			return 0, invalid(fmt.Sprintf("labels[%d]", i), labels[i], "must lie in [0, rows)")
		}
		k = max(k, labels[i]+1)
	}
	count := make([]int, k)
	for _, i := range idx {
		count[labels[i]]++
	}
	present := 0
	for _, c := range count {
		if c > 0 {
			present++
		}
	}
	if present < 2 {
		return 0, invalid("labels", present, "silhouette needs at least two clusters")
	}
	m := len(idx)
	s := make([]float64, m)
	forChunks(m, workerCount(o.Workers), func(_, lo, hi int) {
		sums := make([]float64, k)
		for p := lo; p < hi; p++ {
			i := idx[p]
			clear(sums)
			xi := data[i*d : (i+1)*d]
			for _, j := range idx {
				sums[labels[j]] += math.Sqrt(sqDist(xi, data[j*d:(j+1)*d]))
			}
			own := labels[i]
			if count[own] <= 1 {
				continue
			}
			a := sums[own] / float64(count[own]-1)
			b := math.Inf(1)
			for c, sum := range sums {
				if c != own && count[c] > 0 {
					b = min(b, sum/float64(count[c]))
				}
			}
			if mx := max(a, b); mx > 0 {
				s[p] = (b - a) / mx
			}
		}
	})
	total := 0.0
	for _, v := range s {
		total += v
	}
	return total / float64(m), nil
}

// KChoice is the score of one candidate number of clusters.
type KChoice struct {
	K          int     `json:"k"`
	Silhouette float64 `json:"silhouette"`
	Inertia    float64 `json:"inertia"`
}

// ChooseKOptions configures ChooseK. The zero value (or nil) tries k = 2..8
// with default KMeans and Silhouette options.
type ChooseKOptions struct {
	MinK, MaxK int
	KMeans     *KMeansOptions
	Silhouette *SilhouetteOptions
}

// ChooseK clusters x for every k in [MinK, MaxK] and keeps the clustering
// with the highest mean silhouette (the smaller k on a tie). It returns the
// kept clustering and every candidate's scores.
func ChooseK(ctx context.Context, x mat.Matrix, opt *ChooseKOptions) (*KMeansResult, []KChoice, error) {
	var o ChooseKOptions
	if opt != nil {
		o = *opt
	}
	if o.MinK == 0 {
		o.MinK = 2
	}
	if o.MaxK == 0 {
		o.MaxK = max(8, o.MinK)
	}
	if o.MinK < 2 || o.MaxK < o.MinK {
		return nil, nil, invalid("options.min_k..max_k", [2]int{o.MinK, o.MaxK}, "need 2 <= min_k <= max_k")
	}
	var best *KMeansResult
	bestS := math.Inf(-1)
	var scores []KChoice
	for k := o.MinK; k <= o.MaxK; k++ {
		res, err := KMeans(ctx, x, k, o.KMeans)
		if err != nil {
			return nil, nil, err
		}
		s, err := Silhouette(x, res.Labels, o.Silhouette)
		if err != nil {
			return nil, nil, err
		}
		scores = append(scores, KChoice{K: k, Silhouette: s, Inertia: res.Inertia})
		if s > bestS {
			best, bestS = res, s
		}
	}
	return best, scores, nil
}
