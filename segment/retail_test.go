package segment

import (
	"compress/gzip"
	"context"
	"encoding/csv"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// retailPath is the UCI Online Retail file beside the project checkout.
var retailPath = filepath.Join("..", "..", "shared", "data", "online-retail", "online_retail.csv.gz")

// loadRetailRFM builds the RFM matrix the reference figures were computed
// on: clean rows only (customer present, quantity > 0, price > 0, no
// cancelled invoice), recency in calendar days from the date of the last purchase to 2011-12-10, distinct
// invoices, and the sum of quantity × price.
func loadRetailRFM(tb testing.TB) *mat.Dense {
	tb.Helper()
	if raceEnabled {
		tb.Skip("Online Retail checks skip under the race detector (slow, no extra concurrency)")
	}
	retailOnce.Do(func() { retailRFM, retailErr = readRetailRFM() })
	if os.IsNotExist(retailErr) {
		tb.Skipf("Online Retail data not found at %s; skipping", retailPath)
	}
	require.NoError(tb, retailErr)
	return retailRFM
}

var (
	retailOnce sync.Once
	retailRFM  *mat.Dense
	retailErr  error
)

func readRetailRFM() (*mat.Dense, error) {
	f, err := os.Open(retailPath)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(gz)
	r.ReuseRecord = true
	if _, err = r.Read(); err != nil {
		return nil, err
	}
	type agg struct {
		last     time.Time
		invoices map[string]bool
		money    float64
	}
	byCust := map[string]*agg{}
	order := []string{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		inv, qtyS, dateS, priceS, cust := rec[0], rec[3], rec[4], rec[5], rec[6]
		if cust == "" || strings.HasPrefix(inv, "C") {
			continue
		}
		qty, err1 := strconv.ParseFloat(qtyS, 64)
		price, err2 := strconv.ParseFloat(priceS, 64)
		if err1 != nil || err2 != nil || qty <= 0 || price <= 0 {
			continue
		}
		at, err := time.Parse("2006-01-02 15:04:05", dateS)
		if err != nil {
			return nil, err
		}
		a, ok := byCust[cust]
		if !ok {
			a = &agg{invoices: map[string]bool{}}
			byCust[cust] = a
			order = append(order, cust)
		}
		a.invoices[inv] = true
		a.money += qty * price
		if at.After(a.last) {
			a.last = at
		}
	}
	ref := time.Date(2011, 12, 10, 0, 0, 0, 0, time.UTC)
	x := mat.NewDense(len(order), 3, nil)
	for i, c := range order {
		a := byCust[c]
		x.Set(i, 0, math.Round(ref.Sub(a.last.Truncate(24*time.Hour)).Hours()/24))
		x.Set(i, 1, float64(len(a.invoices)))
		x.Set(i, 2, a.money)
	}
	return x, nil
}

// scikitLearnInertia holds scikit-learn KMeans(n_init=10) inertias on the
// same prepared matrix, k = 2..8.
var scikitLearnInertia = map[int]float64{2: 6474.1, 3: 4856.4, 4: 3924.9, 5: 3268.6, 6: 2840.3, 7: 2533.1, 8: 2325.6}

func TestKMeansOnlineRetailMatchesScikitLearn(t *testing.T) {
	raw := loadRetailRFM(t)
	n, _ := raw.Dims()
	require.Equal(t, 4338, n, "clean customers")
	z, _, err := Prepare(raw, &FeatureOptions{Log1p: []bool{true, true, true}})
	require.NoError(t, err)
	for k := 2; k <= 8; k++ {
		// Default options: 10 restarts, seed 0.
		res, err := KMeans(context.Background(), z, k, nil)
		require.NoError(t, err)
		t.Logf("k=%d inertia %.1f (scikit-learn %.1f) iterations %d", k, res.Inertia, scikitLearnInertia[k], res.Iterations)
		// The reference is rounded to 0.1: allow that rounding, no more.
		assert.LessOrEqual(t, res.Inertia, scikitLearnInertia[k]+0.05, "k=%d", k)
		assert.True(t, res.Converged)
		// Other seeds land on equally good local optima: within 0.05%.
		for seed := uint64(1); seed <= 2; seed++ {
			other, err := KMeans(context.Background(), z, k, &KMeansOptions{Seed: seed})
			require.NoError(t, err)
			assert.InEpsilon(t, scikitLearnInertia[k], other.Inertia, 5e-4, "k=%d seed=%d", k, seed)
		}
	}
}
