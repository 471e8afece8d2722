package recommend

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// testShop is a small synthetic shop: items in categories, users who each favour one
// category and buy mostly from it, so that collaborative models have structure to find.
type testShop struct {
	events   []Event
	products []Product
	segments map[string]string
}

func newTestShop(users, itemsPerCat int, cats []string, seed uint64) *testShop {
	rng := rand.New(rand.NewPCG(seed, 1))
	s := &testShop{segments: map[string]string{}}
	for c, cat := range cats {
		for k := 0; k < itemsPerCat; k++ {
			s.products = append(s.products, Product{ID: fmt.Sprintf("%s-%02d", cat, k), Category: cat, Active: true})
		}
		_ = c
	}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for u := 0; u < users; u++ {
		user := fmt.Sprintf("u%03d", u)
		fav := rng.IntN(len(cats))
		s.segments[user] = cats[fav]
		n := 5 + rng.IntN(6)
		for k := 0; k < n; k++ {
			c := fav
			if rng.Float64() < 0.2 {
				c = rng.IntN(len(cats))
			}
			// popular items have low numbers within a category
			item := min(int(rng.ExpFloat64()*float64(itemsPerCat)/3), itemsPerCat-1)
			s.events = append(s.events, Event{User: user, Item: fmt.Sprintf("%s-%02d", cats[c], item), Kind: KindPurchase, At: t0.Add(time.Duration(u*10+k) * time.Hour)})
		}
	}
	return s
}

func (s *testShop) interactions(t testing.TB) *Interactions {
	t.Helper()
	b := NewBuilder(&BuildOptions{Binary: true})
	for _, p := range s.products {
		b.AddItems(p.ID)
	}
	for _, e := range s.events {
		if err := b.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	in, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return in
}

var ctx = context.Background()

// tiny is the 3 × 3 example worked by hand in the model tests:
// u1 bought a, b; u2 a, b, c; u3 b, c.
func tiny(t testing.TB) *Interactions {
	t.Helper()
	var ev []Event
	for _, p := range [][2]string{{"u1", "a"}, {"u1", "b"}, {"u2", "a"}, {"u2", "b"}, {"u2", "c"}, {"u3", "b"}, {"u3", "c"}} {
		ev = append(ev, Event{User: p[0], Item: p[1]})
	}
	in, err := FromEvents(ev, &BuildOptions{Binary: true})
	if err != nil {
		t.Fatal(err)
	}
	return in
}
