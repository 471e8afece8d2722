package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/crmkit/crmkit/recommend"
	"github.com/crmkit/crmkit/recommend/eval"
)

func init() {
	registerEval(&command{
		name:    "recommend",
		summary: "train every recommendation model on a ratings file and score it on another",
		run:     runEvalRecommend,
	})
}

// referenceRows are the @10 figures of an independent reference implementation on
// the fixed MovieLens 100K split (issue 8), printed beside ours for comparison.
var referenceRows = []string{
	"ref MostPop\t\t0.221\t0.192\t0.115\t0.765\t\t\t<0.01s",
	"ref ItemKNN (k=100, cosine)\t\t0.389\t0.332\t0.210\t0.912\t\t\t0.25s",
	"ref iALS (64f, 15it, α=1, λ=10)\t\t0.409\t0.343\t0.229\t0.916\t\t\t2.7-6.3s",
	"ref EASE (λ=250)\t\t0.439\t0.369\t0.235\t0.928\t\t\t0.26s",
	"ref Gorse BPR (64f)\t\t0.405\t0.344\t0.223\t0.927\t\t\t2.9s",
}

func runEvalRecommend(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("crmkit eval recommend", stderr)
	trainPath := fs.String("train", "../shared/data/movielens-100k/split/train.tsv", "training file: user, item, rating, timestamp per line, no header")
	testPath := fs.String("test", "../shared/data/movielens-100k/split/test.tsv", "test file, same format")
	sep := fs.String("sep", "\t", `field separator (e.g. "," or "::"); \t means tab`)
	k := fs.Int("k", 10, "cut-off K of the metrics")
	search := fs.Bool("search", true, "tune hyperparameters on a validation split of the training file (20% per user) before the final fit")
	seed := fs.Uint64("seed", 1, "seed for the validation split and model initialisation")
	reference := fs.Bool("reference", true, "print the reference figures of issue 8 (meaningful only for the MovieLens 100K fixed split)")
	alsSeeds := fs.Int("als-seeds", 0, "also fit iALS at the reference settings with seeds 1..N and print the spread of its metrics (0: off)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *k <= 0 {
		return fmt.Errorf("%w: -k must be positive", errUsage)
	}
	if *alsSeeds < 0 {
		return fmt.Errorf("%w: -als-seeds must not be negative", errUsage)
	}
	separator := strings.ReplaceAll(*sep, `\t`, "\t")
	train, err := readRatingsFile(*trainPath, separator)
	if err != nil {
		return err
	}
	test, err := readRatingsFile(*testPath, separator)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "train %s: %d events; test %s: %d events; K=%d\n", *trainPath, len(train), *testPath, len(test), *k)

	cfgs := defaultConfigs(*seed)
	if *search {
		fmt.Fprintln(stdout, "validation search (80/20 per user of the training file, NDCG@K):")
		cfgs, err = tuneConfigs(ctx, train, *k, *seed, stdout)
		if err != nil {
			return err
		}
	}
	in, err := recommend.FromEvents(train, &recommend.BuildOptions{Binary: true})
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "model\tparameters\tNDCG@%d\tP@%d\tR@%d\tHR@%d\tMRR@%d\tcoverage\tfit\n", *k, *k, *k, *k, *k)
	fitted := map[string]recommend.Model{}
	fitTimes := map[recommend.Model]time.Duration{} // for the cost of blends
	for _, c := range cfgs {
		start := time.Now()
		m, err := c.fit(ctx, in, fitted)
		if err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
		fit := time.Since(start)
		if b, ok := m.(*recommend.Blend); ok {
			// a blend costs the training of its parts
			for _, p := range b.Models {
				fit += fitTimes[p]
			}
		}
		fitted[c.name] = m
		fitTimes[m] = fit
		res, err := eval.Evaluate(ctx, m, test, *k)
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "%s\t%s\t%.4f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%s\n", c.name, c.params, res.NDCG, res.Precision, res.Recall, res.HitRate, res.MRR, res.Coverage, fmtDur(fit))
	}
	if *reference {
		for _, r := range referenceRows {
			fmt.Fprintln(tw, r)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if *alsSeeds > 0 {
		return alsSeedSpread(ctx, in, test, *k, *alsSeeds, stdout)
	}
	return nil
}

func fmtDur(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%.3fs", d.Seconds())
	}
	return fmt.Sprintf("%.2fs", d.Seconds())
}

func readRatingsFile(path, sep string) ([]recommend.Event, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ev, err := eval.ReadRatings(f, sep)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(ev) == 0 {
		return nil, fmt.Errorf("%s: no ratings", path)
	}
	return ev, nil
}

// modelConfig is one model with fixed hyperparameters, as evaluated by
// "crmkit eval recommend". fit may use models fitted earlier in the list (a blend).
type modelConfig struct {
	name, params string
	fit          func(ctx context.Context, in *recommend.Interactions, prev map[string]recommend.Model) (recommend.Model, error)
}

func mostPopConfig() modelConfig {
	return modelConfig{"mostpop", "users per item", func(ctx context.Context, in *recommend.Interactions, _ map[string]recommend.Model) (recommend.Model, error) {
		return recommend.TrainMostPop(ctx, in, nil)
	}}
}

func knnConfig(o recommend.KNNOptions) modelConfig {
	return modelConfig{"itemknn", fmt.Sprintf("k=%d shrink=%g", o.K, max(o.Shrink, 0)), func(ctx context.Context, in *recommend.Interactions, _ map[string]recommend.Model) (recommend.Model, error) {
		return recommend.TrainItemKNN(ctx, in, &o)
	}}
}

func rp3Config(o recommend.RP3Options) modelConfig {
	return modelConfig{"rp3beta", fmt.Sprintf("α=%g β=%g k=%d", o.Alpha, o.Beta, o.K), func(ctx context.Context, in *recommend.Interactions, _ map[string]recommend.Model) (recommend.Model, error) {
		return recommend.TrainRP3beta(ctx, in, &o)
	}}
}

func easeConfig(o recommend.EASEOptions) modelConfig {
	return modelConfig{"ease", easeParams(o), func(ctx context.Context, in *recommend.Interactions, _ map[string]recommend.Model) (recommend.Model, error) {
		return recommend.TrainEASE(ctx, in, &o)
	}}
}

func alsConfig(name string, o recommend.ALSOptions) modelConfig {
	params := fmt.Sprintf("%df %dit α=%g λ=%g cg=%d", o.Factors, o.Iterations, o.Alpha, o.Lambda, o.CGSteps)
	if o.RegExponent != 0 {
		params += fmt.Sprintf(" ν=%g", o.RegExponent)
	}
	return modelConfig{name, params, func(ctx context.Context, in *recommend.Interactions, _ map[string]recommend.Model) (recommend.Model, error) {
		return recommend.TrainALS(ctx, in, &o)
	}}
}

func blendConfig(parts []string, weights []float64) modelConfig {
	return modelConfig{"blend", fmt.Sprintf("%v·%v", parts, weights), func(ctx context.Context, in *recommend.Interactions, prev map[string]recommend.Model) (recommend.Model, error) {
		ms := make([]recommend.Model, len(parts))
		for i, p := range parts {
			if ms[i] = prev[p]; ms[i] == nil {
				return nil, fmt.Errorf("blend part %s not fitted", p)
			}
		}
		return recommend.NewBlend(in, ms, weights)
	}}
}

// defaultConfigs are the stated hyperparameters used without a search: the reference
// settings of issue 8 plus RP3beta and a blend.
func defaultConfigs(seed uint64) []modelConfig {
	return []modelConfig{
		mostPopConfig(),
		knnConfig(recommend.KNNOptions{K: 100, Shrink: -1}),
		rp3Config(recommend.RP3Options{Alpha: 1, Beta: 0.3, K: 200}),
		easeConfig(recommend.EASEOptions{Lambda: 250}),
		alsConfig("als", recommend.ALSOptions{Factors: 64, Iterations: 15, Alpha: 1, Lambda: 10, CGSteps: 3, Seed: seed}),
		blendConfig([]string{"ease", "rp3beta"}, []float64{0.5, 0.5}),
	}
}

// tuneConfigs runs a small grid per model on a validation split of train and returns
// the configurations to refit on all of train.
func tuneConfigs(ctx context.Context, train []recommend.Event, k int, seed uint64, w io.Writer) ([]modelConfig, error) {
	sub, valid := eval.RandomPerUser(train, 0.2, seed)
	in, err := recommend.FromEvents(sub, &recommend.BuildOptions{Binary: true})
	if err != nil {
		return nil, err
	}
	fitted := map[string]recommend.Model{}
	best := func(name string, grid []modelConfig) (modelConfig, error) {
		var bc modelConfig
		bestScore := -1.0
		var bm recommend.Model
		for _, c := range grid {
			m, err := c.fit(ctx, in, fitted)
			if err != nil {
				return bc, err
			}
			r, err := eval.Evaluate(ctx, m, valid, k)
			if err != nil {
				return bc, err
			}
			if r.NDCG > bestScore {
				bestScore, bc, bm = r.NDCG, c, m
			}
		}
		fitted[name] = bm
		bc.name = name
		fmt.Fprintf(w, "  %-13s %d settings, best %s (validation NDCG %.3f)\n", name, len(grid), bc.params, bestScore)
		return bc, nil
	}
	// the stated reference settings first, then the tuned ones
	out := []modelConfig{
		mostPopConfig(),
		knnConfig(recommend.KNNOptions{K: 100, Shrink: -1}),
		easeConfig(recommend.EASEOptions{Lambda: 250}),
		alsConfig("als", recommend.ALSOptions{Factors: 64, Iterations: 15, Alpha: 1, Lambda: 10, CGSteps: 3, Seed: seed}),
	}
	var grid []modelConfig
	for _, kk := range []int{50, 100, 200} {
		for _, s := range []float64{-1, 10, 50} {
			grid = append(grid, knnConfig(recommend.KNNOptions{K: kk, Shrink: s}))
		}
	}
	c, err := best("itemknn-tuned", grid)
	if err != nil {
		return nil, err
	}
	out = append(out, c)
	grid = nil
	for _, a := range []float64{0.5, 0.75, 1} {
		for _, b := range []float64{0.2, 0.35, 0.5} {
			grid = append(grid, rp3Config(recommend.RP3Options{Alpha: a, Beta: b, K: 200}))
		}
	}
	if c, err = best("rp3beta", grid); err != nil {
		return nil, err
	}
	out = append(out, c)
	grid = nil
	for _, l := range []float64{100, 250, 500, 1000} {
		grid = append(grid, easeConfig(recommend.EASEOptions{Lambda: l}))
	}
	for _, l := range []float64{200, 400} {
		grid = append(grid, easeConfig(recommend.EASEOptions{Lambda: l, Dropout: 0.33}))
	}
	for _, l := range []float64{200, 300} {
		for _, p := range []float64{0.4, 0.5} {
			grid = append(grid, easeConfig(recommend.EASEOptions{Lambda: l, Dropout: p, Unconstrained: true}))
		}
	}
	if c, err = best("ease-tuned", grid); err != nil {
		return nil, err
	}
	out = append(out, c)
	grid = nil
	for _, o := range []recommend.ALSOptions{
		{Alpha: 10, Lambda: 50}, {Alpha: 10, Lambda: 50, RegExponent: 0.5},
		{Alpha: 5, Lambda: 50, RegExponent: 0.5}, {Alpha: 5, Lambda: 20},
	} {
		o.Factors, o.Iterations, o.CGSteps, o.Seed = 128, 15, 3, seed
		grid = append(grid, alsConfig("als-tuned", o))
	}
	if c, err = best("als-tuned", grid); err != nil {
		return nil, err
	}
	out = append(out, c)
	grid = nil
	parts := []string{"ease-tuned", "rp3beta", "als-tuned"}
	for _, wts := range [][]float64{{1, 0, 0}, {0.7, 0, 0.3}, {0.6, 0, 0.4}, {0.5, 0, 0.5}, {0.4, 0.2, 0.4}, {0.5, 0.25, 0.25}, {0.34, 0.33, 0.33}} {
		grid = append(grid, blendConfig(parts, wts))
	}
	if c, err = best("blend", grid); err != nil {
		return nil, err
	}
	out = append(out, c)
	return out, nil
}

func easeParams(o recommend.EASEOptions) string {
	switch {
	case o.Unconstrained:
		return fmt.Sprintf("λ=%g dropout=%g (DLAE)", o.Lambda, o.Dropout)
	case o.Dropout > 0:
		return fmt.Sprintf("λ=%g dropout=%g (EDLAE)", o.Lambda, o.Dropout)
	}
	return fmt.Sprintf("λ=%g", o.Lambda)
}
