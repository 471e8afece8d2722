package recommend

import "testing"

// BenchmarkFoldInSmall is the fold-in solve alone on a small model, without the
// large benchmark's setup.
func BenchmarkFoldInSmall(b *testing.B) {
	in := newTestShop(2000, 200, []string{"a", "b", "c", "d"}, 1).interactions(b)
	m, err := TrainALS(ctx, in, &ALSOptions{Factors: 64, Iterations: 2})
	if err != nil {
		b.Fatal(err)
	}
	h := in.History(7)
	for b.Loop() {
		_ = m.FoldIn(h)
	}
}
