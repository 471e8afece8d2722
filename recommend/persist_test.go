package recommend

import (
	"bytes"
	"encoding/binary"
	"errors"
	"slices"
	"testing"
)

func TestSaveLoadModels(t *testing.T) {
	s := newTestShop(120, 8, []string{"a", "b"}, 8)
	in := s.interactions(t)
	pop, _ := TrainMostPop(ctx, in, nil)
	knn, _ := TrainItemKNN(ctx, in, nil)
	rp3, _ := TrainRP3beta(ctx, in, nil)
	ease, _ := TrainEASE(ctx, in, nil)
	als, _ := TrainALS(ctx, in, &ALSOptions{Factors: 4, Iterations: 3})
	blend, _ := NewBlend(in, []Model{ease, als}, []float64{0.7, 0.3})
	for _, m := range []Model{pop, knn, rp3, ease, als, blend} {
		var buf bytes.Buffer
		if err := SaveModel(&buf, m); err != nil {
			t.Fatalf("%s: %v", m.Name(), err)
		}
		got, err := LoadModel(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatalf("%s: %v", m.Name(), err)
		}
		if got.Name() != m.Name() {
			t.Fatalf("loaded %s as %s", m.Name(), got.Name())
		}
		want := make([]float64, in.NumItems())
		have := make([]float64, in.NumItems())
		for u := 0; u < in.NumUsers(); u += 17 {
			m.ScoreInto(u, in.History(u), want)
			got.ScoreInto(u, got.Data().History(u), have)
			if !slices.Equal(want, have) {
				t.Fatalf("%s: scores differ after load for user %d", m.Name(), u)
			}
		}
	}
}

func TestLoadRejectsBadInput(t *testing.T) {
	in := tiny(t)
	m, _ := TrainItemKNN(ctx, in, nil)
	var buf bytes.Buffer
	if err := SaveModel(&buf, m); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	cases := map[string][]byte{
		"empty":     nil,
		"garbage":   []byte("hello, this is not a model file at all"),
		"truncated": good[:len(good)-3],
		"flipped":   flip(good, len(good)-5),
		"version":   withVersion(good, 99),
		"huge":      withLength(good, 1<<32),
	}
	for name, data := range cases {
		if _, err := LoadModel(bytes.NewReader(data)); !errors.Is(err, ErrFormat) {
			t.Errorf("%s: %v, want ErrFormat", name, err)
		}
	}
	// a recommender file is not a model file
	r, _ := NewRecommender(ctx, m, nil)
	var rb bytes.Buffer
	_ = r.Save(&rb)
	if _, err := LoadModel(&rb); !errors.Is(err, ErrFormat) {
		t.Errorf("recommender read as model: %v", err)
	}
}

func flip(b []byte, at int) []byte {
	c := slices.Clone(b)
	c[at] ^= 0xff
	return c
}

func withLength(b []byte, n uint64) []byte {
	c := slices.Clone(b)
	binary.LittleEndian.PutUint64(c[12:], n)
	return c
}

func withVersion(b []byte, v uint32) []byte {
	c := slices.Clone(b)
	binary.LittleEndian.PutUint32(c[8:], v)
	return c
}

func TestSaveLoadRecommender(t *testing.T) {
	fbt, _ := TrainFBT(ctx, [][]string{{"books-01", "games-02"}, {"books-01", "games-02"}}, nil)
	r, s := newShopRecommender(t, "als", &RecommenderOptions{Diversity: 0.3, FBT: fbt, Rules: []Rule{Pin("tools-03", 2)}})
	_ = r.AddEvents("walk-in", Event{User: "walk-in", Item: "books-01", Kind: KindPurchase})
	var buf bytes.Buffer
	if err := r.Save(&buf); err != nil {
		t.Fatal(err)
	}
	r2, err := LoadRecommender(ctx, &buf, func(u string) string { return s.segments[u] })
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"u001", "u150", "walk-in", "newbie"} {
		a, _ := r.Recommend(u, 6, ExcludeSeen())
		b, _ := r2.Recommend(u, 6, ExcludeSeen())
		if !slices.Equal(a, b) {
			t.Errorf("%s: %v before, %v after load", u, a, b)
		}
	}
}
