package eval

import (
	"context"
	"math"
	"testing"

	"github.com/crmkit/crmkit/recommend"
)

func near(t *testing.T, name string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-12 {
		t.Errorf("%s = %.15f, want %.15f", name, got, want)
	}
}

// A ranked list worked by hand: relevant {b, d, x}, list a b c d e at K=5.
// Hits at ranks 2 and 4. DCG = 1/log2(3) + 1/log2(5); ideal over min(3,5) = 3 hits:
// 1 + 1/log2(3) + 1/log2(4) = 1 + 0.630930 + 0.5.
func TestScoreListHandWorked(t *testing.T) {
	rel := map[string]bool{"b": true, "d": true, "x": true}
	m := ScoreList([]string{"a", "b", "c", "d", "e"}, rel, 5)
	near(t, "precision", m.Precision, 2.0/5)
	near(t, "recall", m.Recall, 2.0/3)
	dcg := 1/math.Log2(3) + 1/math.Log2(5)
	idcg := 1 + 1/math.Log2(3) + 0.5
	near(t, "ndcg", m.NDCG, dcg/idcg)
	if math.Abs(m.NDCG-0.498189) > 1e-6 {
		t.Errorf("ndcg = %.6f, want 0.498189 (worked by hand)", m.NDCG)
	}
	near(t, "hit", m.Hit, 1)
	near(t, "rr", m.RR, 0.5)

	// K smaller than |relevant|: ideal DCG over K positions only.
	m = ScoreList([]string{"b", "d"}, rel, 2)
	near(t, "ndcg@2 perfect", m.NDCG, 1)
	near(t, "recall@2", m.Recall, 2.0/3)

	m = ScoreList([]string{"a", "c"}, rel, 2)
	if m != (ListMetrics{}) {
		t.Errorf("no hits: %+v", m)
	}
}

// Evaluate on a tiny data set where the ranking is known: MostPop ranks items by
// number of training users.
func TestEvaluateMostPop(t *testing.T) {
	ev := func(u, i string) recommend.Event { return recommend.Event{User: u, Item: i} }
	train := []recommend.Event{
		ev("u1", "a"), ev("u2", "a"), ev("u3", "a"),
		ev("u1", "b"), ev("u2", "b"),
		ev("u3", "c"),
		ev("u2", "d"),
	}
	// popularity: a 3, b 2, c 1, d 1 (tie → lower index c before d)
	test := []recommend.Event{ev("u1", "c"), ev("u1", "z"), ev("u3", "b")}
	in, err := recommend.FromEvents(train, &recommend.BuildOptions{Binary: true})
	if err != nil {
		t.Fatal(err)
	}
	m, err := recommend.TrainMostPop(context.Background(), in, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Evaluate(context.Background(), m, test, 1)
	if err != nil {
		t.Fatal(err)
	}
	// u1 (seen a, b): ranking c, d → top-1 c: hit. relevant {c, z}: P 1, R 1/2,
	// NDCG 1 (ideal over min(2,1) = 1), RR 1.
	// u3 (seen a, c): ranking b, d → top-1 b: hit, P 1, R 1, NDCG 1.
	near(t, "precision", res.Precision, 1)
	near(t, "recall", res.Recall, 0.75)
	near(t, "ndcg", res.NDCG, 1)
	near(t, "hitrate", res.HitRate, 1)
	near(t, "mrr", res.MRR, 1)
	near(t, "coverage", res.Coverage, 2.0/4)
	if res.Users != 2 {
		t.Errorf("users = %d", res.Users)
	}
}

func TestSplits(t *testing.T) {
	var events []recommend.Event
	for u := 0; u < 5; u++ {
		for i := 0; i < 10; i++ {
			events = append(events, recommend.Event{User: string(rune('A' + u)), Item: string(rune('a' + i)), At: at(int64(u*100 + i))})
		}
	}
	tr, te := RandomPerUser(events, 0.2, 7)
	if len(te) != 10 || len(tr) != 40 {
		t.Fatalf("random split %d/%d, want 40/10", len(tr), len(te))
	}
	tr2, te2 := RandomPerUser(events, 0.2, 7)
	for k := range te {
		if te[k] != te2[k] {
			t.Fatal("random split not deterministic for a seed")
		}
	}
	_ = tr2
	tr, te = LeaveLastOut(events)
	if len(te) != 5 || len(tr) != 45 {
		t.Fatalf("leave-last-out %d/%d", len(tr), len(te))
	}
	for _, e := range te {
		if e.Item != "j" {
			t.Errorf("held out %v, want the latest item j", e)
		}
	}
	tr, te = ByTime(events, at(300))
	if len(tr) != 30 || len(te) != 20 {
		t.Fatalf("by time %d/%d", len(tr), len(te))
	}
}
