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
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *k <= 0 {
		return fmt.Errorf("%w: -k must be positive", errUsage)
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
	for _, c := range cfgs {
		start := time.Now()
		m, err := c.fit(ctx, in, fitted)
		if err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
		fit := time.Since(start)
		fitted[c.name] = m
		res, err := eval.Evaluate(ctx, m, test, *k)
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "%s\t%s\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%s\n", c.name, c.params, res.NDCG, res.Precision, res.Recall, res.HitRate, res.MRR, res.Coverage, fmtDur(fit))
	}
	if *reference {
		for _, r := range referenceRows {
			fmt.Fprintln(tw, r)
		}
	}
	return tw.Flush()
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
