package segment

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

func TestKMeansHandWorked(t *testing.T) {
	// Two obvious groups on a line: centres 0.5 and 10.5, inertia 4 × 0.25.
	x := mat.NewDense(4, 1, []float64{0, 10, 1, 11})
	res, err := KMeans(context.Background(), x, 2, nil)
	require.NoError(t, err)
	assert.InDelta(t, 1.0, res.Inertia, 1e-12)
	assert.Equal(t, res.Labels[0], res.Labels[2])
	assert.Equal(t, res.Labels[1], res.Labels[3])
	assert.NotEqual(t, res.Labels[0], res.Labels[1])
	c := []float64{res.Centers.At(0, 0), res.Centers.At(1, 0)}
	assert.ElementsMatch(t, []float64{0.5, 10.5}, c)
	assert.Equal(t, []int{2, 2}, res.Sizes)
	assert.Equal(t, res.Labels[1], res.Predict([]float64{9}))
}

// lloyd is the textbook iteration, used to check that the bounds never
// change the answer.
func lloyd(x []float64, n, d, k int, centers []float64) ([]int32, float64) {
	labels := make([]int32, n)
	for iter := 0; iter < 1000; iter++ {
		changed := 0
		for i := range n {
			best, bd := int32(0), math.Inf(1)
			for j := range k {
				if dd := sqDist(x[i*d:(i+1)*d], centers[j*d:(j+1)*d]); dd < bd {
					best, bd = int32(j), dd
				}
			}
			if best != labels[i] || iter == 0 {
				changed++
			}
			labels[i] = best
		}
		if changed == 0 {
			break
		}
		sums := make([]float64, k*d)
		cnt := make([]int, k)
		for i := range n {
			cnt[labels[i]]++
			for t := range d {
				sums[int(labels[i])*d+t] += x[i*d+t]
			}
		}
		for j := range k {
			if cnt[j] > 0 {
				for t := range d {
					centers[j*d+t] = sums[j*d+t] / float64(cnt[j])
				}
			}
		}
	}
	in := 0.0
	for i := range n {
		in += sqDist(x[i*d:(i+1)*d], centers[int(labels[i])*d:(int(labels[i])+1)*d])
	}
	return labels, in
}

func TestHamerlyEqualsLloyd(t *testing.T) {
	x := blobs(20000, 4, 6, 3)
	data := x.RawMatrix().Data
	for _, workers := range []int{1, 2} {
		for s := range uint64(3) {
			r := &kmRun{x: data, n: 20000, d: 4, k: 6, workers: workers}
			require.NoError(t, r.seed(rand.New(rand.NewPCG(s, 1)), 3))
			start := append([]float64(nil), r.centers...)
			require.NoError(t, r.fit(context.Background(), rand.New(rand.NewPCG(s, 1)), 3, 1000))
			want, wantInertia := lloyd(data, 20000, 4, 6, start)
			assert.True(t, r.converged)
			assert.Equal(t, want, r.labels, "seed %d workers %d", s, workers)
			assert.InEpsilon(t, wantInertia, r.inertia, 1e-12)
		}
	}
}

func TestKMeansReproducibleAcrossWorkers(t *testing.T) {
	x := blobs(30000, 3, 5, 9)
	a, err := KMeans(context.Background(), x, 5, &KMeansOptions{Seed: 4, Workers: 1, Restarts: 3})
	require.NoError(t, err)
	b, err := KMeans(context.Background(), x, 5, &KMeansOptions{Seed: 4, Workers: 2, Restarts: 3})
	require.NoError(t, err)
	assert.Equal(t, a.Labels, b.Labels)
	assert.Equal(t, a.Inertia, b.Inertia)
}

func TestKMeansErrors(t *testing.T) {
	ctx := context.Background()
	_, err := KMeans(ctx, mat.NewDense(3, 1, []float64{1, 1, 1}), 2, nil)
	assert.ErrorIs(t, err, ErrTooFewPoints)
	_, err = KMeans(ctx, mat.NewDense(1, 1, []float64{1}), 2, nil)
	assert.ErrorIs(t, err, ErrTooFewPoints)
	var ie *InputError
	_, err = KMeans(ctx, mat.NewDense(2, 1, []float64{1, math.NaN()}), 1, nil)
	require.True(t, errors.As(err, &ie))
	assert.Equal(t, "x[1,0]", ie.Field)
	_, err = KMeans(ctx, mat.NewDense(2, 1, []float64{1, 2}), 0, nil)
	require.True(t, errors.As(err, &ie))
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = KMeans(cancelled, blobs(100, 2, 2, 1), 2, nil)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestScalerRoundTrip(t *testing.T) {
	x := mat.NewDense(4, 2, []float64{0, 5, 1, 5, 3, 5, 7, 5})
	z, s, err := Prepare(x, &FeatureOptions{Log1p: []bool{true, false}, Weights: []float64{2, 1}})
	require.NoError(t, err)
	// Column 0 after log1p: ln1, ln2, ln4, ln8 = (0,1,2,3)·ln2; mean 1.5 ln2,
	// population sd sqrt(1.25) ln2; weighted by 2.
	assert.InDelta(t, 2*(0-1.5)/math.Sqrt(1.25), z.At(0, 0), 1e-12)
	assert.InDelta(t, 2*(3-1.5)/math.Sqrt(1.25), z.At(3, 0), 1e-12)
	// The constant column is only centred.
	assert.Equal(t, 0.0, z.At(2, 1))
	back := s.Inverse(z)
	assert.True(t, mat.EqualApprox(back, x, 1e-9))
	_, _, err = Prepare(mat.NewDense(1, 1, []float64{-2}), &FeatureOptions{Log1p: []bool{true}})
	var ie *InputError
	assert.True(t, errors.As(err, &ie))
}
