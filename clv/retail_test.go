package clv

import (
	"compress/gzip"
	"context"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var retailPath = filepath.Join("..", "..", "shared", "data", "online-retail", "online_retail.csv.gz")

// loadRetail reads the clean purchase lines of UCI Online Retail (customer
// present, quantity > 0, price > 0, no cancelled invoice) as transactions.
func loadRetail(tb testing.TB) []Transaction {
	tb.Helper()
	if raceEnabled {
		tb.Skip("Online Retail checks skip under the race detector (slow, no extra concurrency)")
	}
	f, err := os.Open(retailPath)
	if os.IsNotExist(err) {
		tb.Skipf("Online Retail data not found at %s; skipping", retailPath)
	}
	require.NoError(tb, err)
	defer f.Close()
	gz, err := gzip.NewReader(f)
	require.NoError(tb, err)
	r := csv.NewReader(gz)
	r.ReuseRecord = true
	_, err = r.Read()
	require.NoError(tb, err)
	var txs []Transaction
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		require.NoError(tb, err)
		if rec[6] == "" || strings.HasPrefix(rec[0], "C") {
			continue
		}
		qty, err1 := strconv.ParseFloat(rec[3], 64)
		price, err2 := strconv.ParseFloat(rec[5], 64)
		if err1 != nil || err2 != nil || qty <= 0 || price <= 0 {
			continue
		}
		at, err := time.Parse("2006-01-02 15:04:05", rec[4])
		require.NoError(tb, err)
		txs = append(txs, Transaction{CustomerID: uuid.NewSHA1(uuid.NameSpaceOID, []byte(rec[6])), At: at, Amount: qty * price})
	}
	return txs
}

func TestOnlineRetailHoldout(t *testing.T) {
	txs := loadRetail(t)
	ss, err := FromTransactions(txs, &SummaryOptions{
		Unit:           24 * time.Hour,
		CalibrationEnd: time.Date(2011, 7, 1, 0, 0, 0, 0, time.UTC),   // calibrate through 2011-06-30
		ObservationEnd: time.Date(2011, 12, 10, 0, 0, 0, 0, time.UTC), // predict through 2011-12-09
	})
	require.NoError(t, err)
	ctx := context.Background()
	bg, err := FitBGNBD(ctx, ss, nil)
	require.NoError(t, err)
	pn, err := FitParetoNBD(ctx, ss, nil)
	require.NoError(t, err)
	t.Logf("%d customers; BG/NBD r=%.4f α=%.3f a=%.4f b=%.4f LL=%.1f; Pareto/NBD r=%.4f α=%.3f s=%.4f β=%.3f LL=%.1f",
		len(ss), bg.R, bg.Alpha, bg.A, bg.B, bg.Fit.LogLikelihood, pn.R, pn.Alpha, pn.S, pn.Beta, pn.Fit.LogLikelihood)
	for name, pm := range map[string]PurchaseModel{"BG/NBD": bg, "Pareto/NBD": pn} {
		rep, err := Holdout(pm, ss)
		require.NoError(t, err)
		t.Logf("%s: actual %.0f predicted %.0f naive %.0f; MAE %.3f (naive %.3f); correlation %.3f (naive %.3f)",
			name, rep.Actual, rep.Predicted, rep.Naive, rep.MAE, rep.NaiveMAE, rep.Correlation, rep.NaiveCorrelation)
		// The models must beat carrying the past rate forward on both counts.
		assert.Less(t, rep.MAE, rep.NaiveMAE, name)
		assert.Greater(t, rep.Correlation, rep.NaiveCorrelation, name)
		assert.InEpsilon(t, rep.Actual, rep.Predicted, 0.25, name)
	}
	gg, err := FitGammaGamma(ctx, ss, nil)
	require.NoError(t, err)
	t.Logf("Gamma-Gamma p=%.3f q=%.3f v=%.3f", gg.P, gg.Q, gg.V)
	vals, err := Values(bg, gg, ss, ValueOptions{Horizon: 365, Periods: 12, DiscountRate: 0.01})
	require.NoError(t, err)
	for _, v := range TopValues(vals, 3) {
		t.Logf("top CLV %.0f: %.1f purchases × %.0f, P(alive) %.2f", v.CLV, v.ExpectedPurchases, v.ExpectedAOV, v.PAlive)
	}
}
