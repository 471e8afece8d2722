package main

import (
	"compress/gzip"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/crmkit/crmkit/clv"
	"github.com/crmkit/crmkit/segment"
	"github.com/google/uuid"
	"gonum.org/v1/gonum/mat"
)

// scikitLearnInertia holds scikit-learn KMeans(n_init=10) inertias on the
// Online Retail RFM matrix, k = 2..8.
var scikitLearnInertia = map[int]float64{2: 6474.1, 3: 4856.4, 4: 3924.9, 5: 3268.6, 6: 2840.3, 7: 2533.1, 8: 2325.6}

func init() {
	registerEval(&command{
		name:    "segment",
		summary: "k-means on the Online Retail RFM matrix (k=2..8) next to scikit-learn; optional 1M×8 timing",
		run:     runEvalSegment,
	})
	registerEval(&command{
		name:    "clv",
		summary: "BG/NBD and Pareto/NBD holdout accuracy on Online Retail; fit times on 100,000 simulated customers",
		run:     runEvalCLV,
	})
}

// retailLine is one clean purchase line of UCI Online Retail.
type retailLine struct {
	invoice  string
	customer string
	at       time.Time
	amount   float64
}

// readRetail reads the clean purchase lines: customer present, quantity > 0,
// price > 0, no cancelled invoice.
func readRetail(dataDir string) ([]retailLine, error) {
	path := filepath.Join(dataDir, "online-retail", "online_retail.csv.gz")
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	r := csv.NewReader(gz)
	r.ReuseRecord = true
	if _, err := r.Read(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []retailLine
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if rec[6] == "" || strings.HasPrefix(rec[0], "C") {
			continue
		}
		qty, err1 := strconv.ParseFloat(rec[3], 64)
		price, err2 := strconv.ParseFloat(rec[5], 64)
		if err1 != nil || err2 != nil || qty <= 0 || price <= 0 {
			continue
		}
		at, err := time.Parse("2006-01-02 15:04:05", rec[4])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out = append(out, retailLine{invoice: rec[0], customer: rec[6], at: at, amount: qty * price})
	}
}

// retailRFM builds the matrix of the reference figures: recency in calendar
// days from the last purchase date to 2011-12-10, distinct invoices, and
// the sum of quantity × price.
func retailRFM(lines []retailLine) *mat.Dense {
	type agg struct {
		last     time.Time
		invoices map[string]bool
		money    float64
	}
	by := map[string]*agg{}
	var order []string
	for _, l := range lines {
		a, ok := by[l.customer]
		if !ok {
			a = &agg{invoices: map[string]bool{}}
			by[l.customer] = a
			order = append(order, l.customer)
		}
		a.invoices[l.invoice] = true
		a.money += l.amount
		if l.at.After(a.last) {
			a.last = l.at
		}
	}
	ref := time.Date(2011, 12, 10, 0, 0, 0, 0, time.UTC)
	x := mat.NewDense(len(order), 3, nil)
	for i, c := range order {
		a := by[c]
		x.Set(i, 0, math.Round(ref.Sub(a.last.Truncate(24*time.Hour)).Hours()/24))
		x.Set(i, 1, float64(len(a.invoices)))
		x.Set(i, 2, a.money)
	}
	return x
}

// medianTime runs f reps times and returns the median wall time.
func medianTime(reps int, f func() error) (time.Duration, error) {
	wall, _, err := medianTimes(reps, f)
	return wall, err
}

// medianTimes runs f reps times and returns the median wall time and the
// median CPU time of the process (which, unlike wall time, does not grow
// while the machine is busy with other work).
func medianTimes(reps int, f func() error) (wall, cpu time.Duration, err error) {
	ws, cs := make([]time.Duration, reps), make([]time.Duration, reps)
	for i := range ws {
		start, c0 := time.Now(), processCPU()
		if err := f(); err != nil {
			return 0, 0, err
		}
		ws[i], cs[i] = time.Since(start), processCPU()-c0
	}
	slices.Sort(ws)
	slices.Sort(cs)
	return ws[reps/2], cs[reps/2], nil
}

func runEvalSegment(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("crmkit eval segment", stderr)
	data := fs.String("data", "../shared/data", "folder holding online-retail/online_retail.csv.gz")
	restarts := fs.Int("restarts", 10, "k-means restarts per fit")
	reps := fs.Int("reps", 7, "timed repetitions per fit (the median is shown)")
	million := fs.Bool("million", false, "also time k=8 on 1,000,000 synthetic points in 8 dimensions")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	lines, err := readRetail(*data)
	if err != nil {
		return err
	}
	raw := retailRFM(lines)
	z, _, err := segment.Prepare(raw, &segment.FeatureOptions{Log1p: []bool{true, true, true}})
	if err != nil {
		return err
	}
	n, _ := raw.Dims()
	fmt.Fprintf(stdout, "Online Retail RFM: %d customers, log1p + standardised, %d restarts\n", n, *restarts)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "k\tinertia\tscikit-learn\titerations\t1 worker wall (ms)\tCPU (ms)\t2 workers wall (ms)\t")
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	for k := 2; k <= 8; k++ {
		var res *segment.KMeansResult
		walls, cpus := map[int]time.Duration{}, map[int]time.Duration{}
		for _, w := range []int{1, 0} {
			walls[w], cpus[w], err = medianTimes(*reps, func() error {
				var err error
				res, err = segment.KMeans(ctx, z, k, &segment.KMeansOptions{Restarts: *restarts, Workers: w})
				return err
			})
			if err != nil {
				return err
			}
		}
		fmt.Fprintf(tw, "%d\t%.1f\t%.1f\t%d\t%.1f\t%.1f\t%.1f\t\n", k, res.Inertia, scikitLearnInertia[k], res.Iterations,
			ms(walls[1]), ms(cpus[1]), ms(walls[0]))
	}
	tw.Flush()
	if *million {
		x := blobs(1_000_000, 8, 8, 1)
		for _, r := range []int{1, *restarts} {
			var res *segment.KMeansResult
			wall, cpu, err := medianTimes(3, func() error {
				var err error
				res, err = segment.KMeans(ctx, x, 8, &segment.KMeansOptions{Restarts: r})
				return err
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "1,000,000×8, k=8, %d restart(s): wall %.2f s, CPU %.2f s (medians of 3), inertia %.0f, %d iterations\n",
				r, wall.Seconds(), cpu.Seconds(), res.Inertia, res.Iterations)
		}
	}
	return nil
}

// blobs draws n points in d dimensions around k centres in a cube of side
// 10 with unit normal noise.
func blobs(n, d, k int, seed uint64) *mat.Dense {
	rng := rand.New(rand.NewPCG(seed, 7))
	centres := make([]float64, k*d)
	for i := range centres {
		centres[i] = rng.Float64() * 10
	}
	x := mat.NewDense(n, d, nil)
	raw := x.RawMatrix().Data
	for i := range n {
		c := rng.IntN(k)
		for j := range d {
			raw[i*d+j] = centres[c*d+j] + rng.NormFloat64()
		}
	}
	return x
}

func runEvalCLV(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("crmkit eval clv", stderr)
	data := fs.String("data", "../shared/data", "folder holding online-retail/online_retail.csv.gz")
	simulated := fs.Int("simulated", 100_000, "customers simulated for the fit-time figures (0 to skip)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	lines, err := readRetail(*data)
	if err != nil {
		return err
	}
	txs := make([]clv.Transaction, len(lines))
	for i, l := range lines {
		txs[i] = clv.Transaction{CustomerID: uuid.NewSHA1(uuid.NameSpaceOID, []byte(l.customer)), At: l.at, Amount: l.amount}
	}
	ss, err := clv.FromTransactions(txs, &clv.SummaryOptions{
		Unit:           24 * time.Hour,
		CalibrationEnd: time.Date(2011, 7, 1, 0, 0, 0, 0, time.UTC),
		ObservationEnd: time.Date(2011, 12, 10, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Online Retail: %d customers calibrated 2010-12-01..2011-06-30 (days), holdout to 2011-12-09\n", len(ss))
	start := time.Now()
	bg, err := clv.FitBGNBD(ctx, ss, nil)
	if err != nil {
		return err
	}
	bgTime := time.Since(start)
	start = time.Now()
	pn, err := clv.FitParetoNBD(ctx, ss, nil)
	if err != nil {
		return err
	}
	pnTime := time.Since(start)
	fmt.Fprintf(stdout, "BG/NBD     r=%.4f alpha=%.3f a=%.3g b=%.3g  LL=%.1f  %s  (%d iterations, %v)\n", bg.R, bg.Alpha, bg.A, bg.B, bg.Fit.LogLikelihood, bg.Fit.Status, bg.Fit.Iterations, bgTime.Round(time.Millisecond))
	fmt.Fprintf(stdout, "Pareto/NBD r=%.4f alpha=%.3f s=%.3g beta=%.3g  LL=%.1f  %s  (%d iterations, %v)\n", pn.R, pn.Alpha, pn.S, pn.Beta, pn.Fit.LogLikelihood, pn.Fit.Status, pn.Fit.Iterations, pnTime.Round(time.Millisecond))
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "model\tactual\tpredicted\tMAE\tcorrelation\t")
	var naive *clv.HoldoutReport
	for _, m := range []struct {
		name string
		pm   clv.PurchaseModel
	}{{"BG/NBD", bg}, {"Pareto/NBD", pn}} {
		rep, err := clv.Holdout(m.pm, ss)
		if err != nil {
			return err
		}
		naive = rep
		fmt.Fprintf(tw, "%s\t%.0f\t%.0f\t%.3f\t%.3f\t\n", m.name, rep.Actual, rep.Predicted, rep.MAE, rep.Correlation)
	}
	fmt.Fprintf(tw, "naive past rate\t%.0f\t%.0f\t%.3f\t%.3f\t\n", naive.Actual, naive.Naive, naive.NaiveMAE, naive.NaiveCorrelation)
	tw.Flush()
	gg, err := clv.FitGammaGamma(ctx, ss, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Gamma-Gamma p=%.3f q=%.3f v=%.2f (%d repeat buyers)\n", gg.P, gg.Q, gg.V, gg.Fit.N)
	if *simulated > 0 {
		sim := clv.SimulateBGNBD(clv.BGNBD{R: 0.24, Alpha: 4.4, A: 0.79, B: 2.4}, *simulated, 52, 0, 1)
		clv.SimulateSpend(clv.GammaGamma{P: 6.25, Q: 3.74, V: 15.44}, sim, 2)
		var m *clv.BGNBD
		d, err := medianTime(3, func() error { var err error; m, err = clv.FitBGNBD(ctx, sim, nil); return err })
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "BG/NBD fit, %d simulated customers: %v (median of 3): r=%.3f alpha=%.2f a=%.3f b=%.2f\n", *simulated, d.Round(time.Millisecond), m.R, m.Alpha, m.A, m.B)
		var g *clv.GammaGamma
		d, err = medianTime(3, func() error { var err error; g, err = clv.FitGammaGamma(ctx, sim, nil); return err })
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Gamma-Gamma fit, %d repeat buyers: %v (median of 3): p=%.2f q=%.2f v=%.2f\n", g.Fit.N, d.Round(time.Millisecond), g.P, g.Q, g.V)
	}
	return nil
}
