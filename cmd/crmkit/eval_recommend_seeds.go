package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/crmkit/crmkit/recommend"
	"github.com/crmkit/crmkit/recommend/eval"
)

// alsSeedSpread fits iALS at the reference settings of issue 8 once per seed 1..n
// and prints each seed's NDCG and the mean, minimum and maximum of the metrics: a
// single fit's figure moves by a few thousandths with the random initialisation,
// which is as large as the gaps one would want to read into.
func alsSeedSpread(ctx context.Context, in *recommend.Interactions, test []recommend.Event, k, n int, w io.Writer) error {
	type stat struct{ sum, lo, hi float64 }
	var ndcg, prec, rec, hr stat
	add := func(s *stat, v float64, first bool) {
		s.sum += v
		if first || v < s.lo {
			s.lo = v
		}
		if first || v > s.hi {
			s.hi = v
		}
	}
	fmt.Fprintf(w, "iALS at 64f 15it α=1 λ=10 cg=3, seeds 1..%d, NDCG@%d per seed:", n, k)
	var fit time.Duration
	for seed := 1; seed <= n; seed++ {
		start := time.Now()
		m, err := recommend.TrainALS(ctx, in, &recommend.ALSOptions{Factors: 64, Iterations: 15, Alpha: 1, Lambda: 10, CGSteps: 3, Seed: uint64(seed)})
		if err != nil {
			return err
		}
		fit += time.Since(start)
		r, err := eval.Evaluate(ctx, m, test, k)
		if err != nil {
			return err
		}
		first := seed == 1
		add(&ndcg, r.NDCG, first)
		add(&prec, r.Precision, first)
		add(&rec, r.Recall, first)
		add(&hr, r.HitRate, first)
		fmt.Fprintf(w, " %.4f", r.NDCG)
	}
	fmt.Fprintln(w)
	f := float64(n)
	fmt.Fprintf(w, "  mean (min–max): NDCG %.4f (%.4f–%.4f), P %.3f (%.3f–%.3f), R %.3f (%.3f–%.3f), HR %.3f (%.3f–%.3f); mean fit %s\n",
		ndcg.sum/f, ndcg.lo, ndcg.hi, prec.sum/f, prec.lo, prec.hi, rec.sum/f, rec.lo, rec.hi, hr.sum/f, hr.lo, hr.hi, fmtDur(fit/time.Duration(n)))
	return nil
}
