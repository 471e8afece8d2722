package main

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/crmkit/crmkit/clv"
	"github.com/crmkit/crmkit/store"
)

func TestCLVCommandMatchesTheModels(t *testing.T) {
	db := sharedShop(t)
	ctx := context.Background()
	var out clvOutput
	cliJSON(t, &out, "clv", "-db", db, "-top", "5", "-json", "-q")
	if len(out.Top) != 5 || out.BGNBD == nil || out.ParetoNBD != nil || out.GammaGamma == nil {
		t.Fatalf("output %+v", out)
	}
	if !out.BGNBD.Fit.Converged || !out.GammaGamma.Fit.Converged || out.Months != 12 || out.Unit != "week" {
		t.Errorf("fit %+v %+v, months %d, unit %s", out.BGNBD.Fit, out.GammaGamma.Fit, out.Months, out.Unit)
	}
	for i, r := range out.Top {
		if r.Rank != i+1 || (i > 0 && r.CLV > out.Top[i-1].CLV) || r.Email == "" || r.PAlive <= 0 || r.PAlive > 1 {
			t.Errorf("row %d: %+v", i, r)
		}
	}

	// The same fit made directly from the store's orders: a 12-month
	// horizon is 52 weeks in 12 discounted steps.
	st := openShop(t, db)
	orders, _, err := store.Collect(st.Orders(ctx, store.OrderFilter{}), 0, store.OrderCursor)
	if err != nil {
		t.Fatal(err)
	}
	end := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	ss, err := clv.Summaries(orders, &clv.SummaryOptions{Unit: 7 * 24 * time.Hour, ObservationEnd: end})
	if err != nil {
		t.Fatal(err)
	}
	bg, err := clv.FitBGNBD(ctx, ss, nil)
	if err != nil {
		t.Fatal(err)
	}
	gg, err := clv.FitGammaGamma(ctx, ss, nil)
	if err != nil {
		t.Fatal(err)
	}
	vals, err := clv.Values(bg, gg, ss, clv.ValueOptions{Horizon: 52, Periods: 12, DiscountRate: 0.01, Margin: 1})
	if err != nil {
		t.Fatal(err)
	}
	top := clv.TopValues(vals, 5)
	close := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }
	if out.Customers != len(ss) || !close(out.BGNBD.R, bg.R) || !close(out.BGNBD.B, bg.B) || !close(out.GammaGamma.V, gg.V) {
		t.Errorf("command fit r=%g b=%g v=%g on %d, direct r=%g b=%g v=%g on %d",
			out.BGNBD.R, out.BGNBD.B, out.GammaGamma.V, out.Customers, bg.R, bg.B, gg.V, len(ss))
	}
	for i := range top {
		if out.Top[i].CustomerID != top[i].CustomerID || !close(out.Top[i].CLV, top[i].CLV) {
			t.Errorf("top %d: %s %.6f, direct %s %.6f", i+1, out.Top[i].CustomerID, out.Top[i].CLV, top[i].CustomerID, top[i].CLV)
		}
	}
	sum := 0.0
	for _, v := range vals {
		sum += v.CLV
	}
	if !close(out.TotalCLV, sum) {
		t.Errorf("total %.4f, direct %.4f", out.TotalCLV, sum)
	}

	// One customer's rank; the other purchase model; the table.
	var one clvOutput
	cliJSON(t, &one, "clv", "-db", db, "-customer", out.Top[2].Email, "-json", "-q")
	if len(one.Top) != 1 || one.Top[0].Rank != 3 || one.Top[0].CustomerID != out.Top[2].CustomerID {
		t.Errorf("-customer: %+v", one.Top)
	}
	var pnbd clvOutput
	cliJSON(t, &pnbd, "clv", "-db", db, "-model", "pnbd", "-months", "6", "-top", "1", "-json", "-q")
	if pnbd.ParetoNBD == nil || pnbd.BGNBD != nil || !pnbd.ParetoNBD.Fit.Converged || pnbd.TotalCLV >= out.TotalCLV {
		t.Errorf("pnbd over 6 months: %+v total %.0f (12-month BG/NBD %.0f)", pnbd.ParetoNBD, pnbd.TotalCLV, out.TotalCLV)
	}
	text := cliOK(t, "clv", "-db", db, "-top", "3", "-q")
	for _, want := range []string{"BG/NBD (weeks):", "Gamma-Gamma:", "converged", "RANK", out.Top[0].Email} {
		if !strings.Contains(text, want) {
			t.Errorf("table lacks %q:\n%s", want, text)
		}
	}
	wantExit(t, exitUsage, "-months 0", "clv", "-db", db, "-months", "0")
	wantExit(t, exitUsage, "want bgnbd or pnbd", "clv", "-db", db, "-model", "gamma")
	wantExit(t, exitNotFound, "no customer", "clv", "-db", db, "-customer", "C999999", "-q")
	wantExit(t, exitError, "no orders", "clv", "-db", "memory", "-q")
}
