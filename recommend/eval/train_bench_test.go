package eval

import (
	"context"
	"testing"
	"time"

	"github.com/crmkit/crmkit/recommend"
)

// BenchmarkTrainMovieLens times each model's training on the fixed MovieLens split
// with the reference settings of issue 8.
func BenchmarkTrainMovieLens(b *testing.B) {
	train, _ := loadSplit(b)
	in, err := recommend.FromEvents(train, &recommend.BuildOptions{Binary: true})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.Run("itemknn", func(b *testing.B) {
		defer reportCPU(b, processCPU())
		for b.Loop() {
			if _, err := recommend.TrainItemKNN(ctx, in, &recommend.KNNOptions{K: 100, Shrink: -1}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ease", func(b *testing.B) {
		defer reportCPU(b, processCPU())
		for b.Loop() {
			if _, err := recommend.TrainEASE(ctx, in, &recommend.EASEOptions{Lambda: 250}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("als", func(b *testing.B) {
		defer reportCPU(b, processCPU())
		for b.Loop() {
			if _, err := recommend.TrainALS(ctx, in, &recommend.ALSOptions{Factors: 64, Iterations: 15, Alpha: 1, Lambda: 10}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// reportCPU reports the process CPU seconds per operation since start.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric((processCPU()-start).Seconds()/float64(b.N), "cpu-s/op")
}
