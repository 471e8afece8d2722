package segment

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

func TestSilhouetteHandWorked(t *testing.T) {
	// Points 0, 1 | 10, 11. Point 0: a = 1, b = (10+11)/2 = 10.5;
	// point 1: a = 1, b = (9+10)/2 = 9.5; the other two mirror them.
	x := mat.NewDense(4, 1, []float64{0, 1, 10, 11})
	s, err := Silhouette(x, []int{0, 0, 1, 1}, nil)
	require.NoError(t, err)
	assert.InDelta(t, (9.5/10.5+8.5/9.5)/2, s, 1e-12)
	// Labels {0}, {1, 10, 11}: the singleton scores 0; point 1: a = 9.5,
	// b = 1 → −8.5/9.5;
	// point 10: a = (9+1)/2 = 5, b = 10 → 0.5; point 11: a = 5.5, b = 11 → 0.5.
	s, err = Silhouette(x, []int{0, 1, 1, 1}, nil)
	require.NoError(t, err)
	assert.InDelta(t, (0-8.5/9.5+0.5+0.5)/4, s, 1e-12)
	_, err = Silhouette(x, []int{0, 0, 0, 0}, nil)
	assert.Error(t, err)
}

func TestSampledSilhouetteNearExact(t *testing.T) {
	x := blobs(6000, 3, 4, 5)
	res, err := KMeans(context.Background(), x, 4, nil)
	require.NoError(t, err)
	exact, err := Silhouette(x, res.Labels, &SilhouetteOptions{SampleSize: 6000})
	require.NoError(t, err)
	sampled, err := Silhouette(x, res.Labels, &SilhouetteOptions{SampleSize: 1500, Seed: 2})
	require.NoError(t, err)
	assert.InDelta(t, exact, sampled, 0.02)
	again, _ := Silhouette(x, res.Labels, &SilhouetteOptions{SampleSize: 1500, Seed: 2})
	assert.Equal(t, sampled, again, "seeded sample is reproducible")
}

func TestChooseKFindsTheBlobs(t *testing.T) {
	// Five well separated groups.
	x := mat.NewDense(500, 2, nil)
	centres := [][2]float64{{0, 0}, {20, 0}, {0, 20}, {20, 20}, {10, 40}}
	b := blobs(500, 2, 1, 3) // unit noise around one centre at a random spot
	for i := range 500 {
		c := centres[i%5]
		x.Set(i, 0, c[0]+b.At(i, 0))
		x.Set(i, 1, c[1]+b.At(i, 1))
	}
	res, scores, err := ChooseK(context.Background(), x, nil)
	require.NoError(t, err)
	assert.Equal(t, 5, res.K)
	assert.Len(t, scores, 7)
}

func TestClusterRFMProfiles(t *testing.T) {
	asOf := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var recs []Record
	// 60 frequent recent big spenders and 140 one-off lapsed small ones.
	for i := range 200 {
		r := Record{CustomerID: id(i)}
		if i < 60 {
			r.Frequency = 10 + i%5
			r.LastOrder = asOf.Add(-time.Duration(3+i%7) * 24 * time.Hour)
			r.Monetary = 1000 + float64(10*i)
		} else {
			r.Frequency = 1
			r.LastOrder = asOf.Add(-time.Duration(200+i%50) * 24 * time.Hour)
			r.Monetary = 20 + float64(i%9)
		}
		recs = append(recs, r)
	}
	cl, err := ClusterRFM(context.Background(), recs, &RFMClusterOptions{AsOf: asOf, K: 2})
	require.NoError(t, err)
	top := cl.Profiles[0]
	assert.Equal(t, 60, top.Size)
	assert.InDelta(t, 0.3, top.Share, 1e-12)
	assert.Equal(t, []string{"very recent", "very frequent", "top spend"}, top.Traits)
	assert.Greater(t, top.RevenueShare, 0.9)
	assert.InDelta(t, 12, top.Frequency, 1) // geometric-style centre of 10..14
	assert.Contains(t, top.Description, "60 customers (30%)")
	for i := range 60 {
		assert.Equal(t, 0, cl.Labels[i])
	}
}

func TestClusterRFMOnlineRetail(t *testing.T) {
	raw := loadRetailRFM(t)
	n, _ := raw.Dims()
	asOf := time.Date(2011, 12, 10, 0, 0, 0, 0, time.UTC)
	recs := make([]Record, n)
	for i := range recs {
		recs[i] = Record{CustomerID: id(i), Frequency: int(raw.At(i, 1)),
			LastOrder: asOf.Add(-time.Duration(raw.At(i, 0)) * 24 * time.Hour), Monetary: raw.At(i, 2)}
	}
	cl, err := ClusterRFM(context.Background(), recs, &RFMClusterOptions{AsOf: asOf, ChooseK: &ChooseKOptions{MaxK: 5}})
	require.NoError(t, err)
	for _, c := range cl.Choices {
		t.Logf("k=%d silhouette %.4f inertia %.1f", c.K, c.Silhouette, c.Inertia)
	}
	for _, p := range cl.Profiles {
		t.Log(p.Description)
	}
	assert.Equal(t, scikitLearnInertia[len(cl.Profiles)], round1(cl.Inertia))
	assert.Greater(t, cl.Profiles[0].RevenueShare, cl.Profiles[len(cl.Profiles)-1].RevenueShare)
}

func round1(v float64) float64 { return float64(int(v*10+0.5)) / 10 }
