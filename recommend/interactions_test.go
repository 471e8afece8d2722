package recommend

import (
	"errors"
	"math"
	"testing"
	"time"
)

func TestBuilderWeightsDecayNegatives(t *testing.T) {
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	events := []Event{
		{User: "u", Item: "a", Kind: KindView, At: now},
		{User: "u", Item: "a", Kind: KindCartAdd, At: now},            // a: 1 + 3
		{User: "u", Item: "b", Kind: KindPurchase, Value: 2, At: now}, // b: 5 × 2
		{User: "u", Item: "c", Kind: KindReview, Value: 1, At: now},   // c: 1 × (1 − 3) = −2
		{User: "u", Item: "d", Kind: KindView, At: now.Add(-day)},     // d: 1 × 0.5 with a 1-day half-life
		{User: "v", Item: "a", Kind: KindDislike, At: now},            // −5
	}
	in, err := FromEvents(events, &BuildOptions{HalfLife: day})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := in.Users.Index("u")
	idx := func(id string) int {
		i, ok := in.Items.Index(id)
		if !ok {
			t.Fatalf("no item %s", id)
		}
		return i
	}
	for _, c := range []struct {
		item string
		want float64
	}{{"a", 4}, {"b", 10}, {"c", 0}, {"d", 0.5}} {
		if got := in.M.At(u, idx(c.item)); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("strength(u, %s) = %g, want %g", c.item, got, c.want)
		}
	}
	if got := in.Negative.At(u, idx("c")); got != 2 {
		t.Errorf("negative(u, c) = %g, want 2", got)
	}
	v, _ := in.Users.Index("v")
	if in.History(v).Len() != 0 || in.Negative.At(v, idx("a")) != 5 {
		t.Errorf("v: history %v, negative %g", in.History(v), in.Negative.At(v, idx("a")))
	}
	if in.Users.ID(u) != "u" || in.NumItems() != 4 {
		t.Errorf("id maps wrong: %q, %d items", in.Users.ID(u), in.NumItems())
	}
}

func TestBuilderRejectsBadEvents(t *testing.T) {
	b := NewBuilder(nil)
	for _, e := range []Event{{Item: "a"}, {User: "u"}, {User: "u", Item: "a", Value: math.NaN()}, {User: "u", Item: "a", Kind: "teleport"}} {
		var ve *ValidationError
		if err := b.Add(e); !errors.As(err, &ve) {
			t.Errorf("Add(%+v) = %v, want *ValidationError", e, err)
		}
	}
	if _, err := b.Build(); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty build: %v", err)
	}
}

func TestCSRTranspose(t *testing.T) {
	in := tiny(t)
	tr := in.M.Transpose()
	for u := 0; u < in.NumUsers(); u++ {
		for i := 0; i < in.NumItems(); i++ {
			if in.M.At(u, i) != tr.At(i, u) {
				t.Fatalf("transpose differs at (%d, %d)", u, i)
			}
		}
	}
	if tr.NNZ() != 7 {
		t.Errorf("nnz %d", tr.NNZ())
	}
}

func TestTopN(t *testing.T) {
	s := []float64{0.5, 2, math.NaN(), 2, -1, 3}
	got := topN(s, 3, nil)
	want := []int{5, 1, 3} // tie between 1 and 3 goes to the lower index
	for k := range want {
		if got[k] != want[k] {
			t.Fatalf("topN = %v, want %v", got, want)
		}
	}
	got = topN(s, 10, func(i int) bool { return i == 5 })
	if len(got) != 4 || got[0] != 1 {
		t.Errorf("topN with skip = %v", got)
	}
}
