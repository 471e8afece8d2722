package eval

import (
	"context"
	"math"
	"runtime"
	"sort"
	"sync"

	"github.com/crmkit/crmkit/recommend"
)

// ListMetrics are the metrics of one user's ranked list at K.
type ListMetrics struct {
	Precision float64 // hits / K
	Recall    float64 // hits / |relevant|
	NDCG      float64 // DCG / ideal DCG, binary gains, ideal over min(|relevant|, K) hits
	Hit       float64 // 1 when at least one hit
	RR        float64 // 1 / rank of the first hit, 0 without one
}

// ScoreList scores a ranked list (best first; only its first k entries count) against
// the relevant items.
func ScoreList(ranked []string, relevant map[string]bool, k int) ListMetrics {
	var m ListMetrics
	if len(relevant) == 0 || k <= 0 {
		return m
	}
	var hits int
	var dcg float64
	for r, item := range ranked[:min(k, len(ranked))] {
		if relevant[item] {
			hits++
			dcg += 1 / math.Log2(float64(r)+2)
			if m.RR == 0 {
				m.RR = 1 / float64(r+1)
			}
		}
	}
	var idcg float64
	for r := 0; r < min(len(relevant), k); r++ {
		idcg += 1 / math.Log2(float64(r)+2)
	}
	m.Precision = float64(hits) / float64(k)
	m.Recall = float64(hits) / float64(len(relevant))
	m.NDCG = dcg / idcg
	if hits > 0 {
		m.Hit = 1
	}
	return m
}

// Result holds metrics at K averaged over the users with at least one test item.
type Result struct {
	K         int
	Users     int     // users averaged over
	Precision float64 // mean precision@K
	Recall    float64 // mean recall@K
	NDCG      float64 // mean NDCG@K
	HitRate   float64 // share of users with a hit in the top K
	MRR       float64 // mean reciprocal rank of the first hit within K
	Coverage  float64 // distinct recommended items / catalogue items
}

// Evaluate ranks, for every user with test events, all items of the model's catalogue
// the user has no training interaction with, and scores the top k against the test
// items. Test items absent from training stay in the recall denominator; users absent
// from training are scored from an empty history. Users are processed in parallel.
func Evaluate(ctx context.Context, m recommend.Model, test []recommend.Event, k int) (Result, error) {
	in := m.Data()
	relevant := map[string]map[string]bool{}
	for _, e := range test {
		if relevant[e.User] == nil {
			relevant[e.User] = map[string]bool{}
		}
		relevant[e.User][e.Item] = true
	}
	users := make([]string, 0, len(relevant))
	for u := range relevant {
		users = append(users, u)
	}
	sort.Strings(users)
	per := make([]ListMetrics, len(users))
	recs := make([][]string, len(users))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]float64, in.NumItems())
			for p := range next {
				u, ok := in.Users.Index(users[p])
				var h, neg recommend.Row
				if ok {
					h = in.History(u)
					neg = in.Negative.Row(u)
				} else {
					u = -1
				}
				m.ScoreInto(u, h, buf)
				for _, i := range h.Ind {
					buf[i] = math.Inf(-1)
				}
				for _, i := range neg.Ind {
					buf[i] = math.Inf(-1)
				}
				top := TopK(buf, k)
				ranked := make([]string, len(top))
				for r, i := range top {
					ranked[r] = in.Items.ID(i)
				}
				recs[p] = ranked
				per[p] = ScoreList(ranked, relevant[users[p]], k)
			}
		}()
	}
	for p := range users {
		if ctx.Err() != nil {
			break
		}
		next <- p
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	res := Result{K: k, Users: len(users)}
	seen := map[string]bool{}
	for p, lm := range per {
		res.Precision += lm.Precision
		res.Recall += lm.Recall
		res.NDCG += lm.NDCG
		res.HitRate += lm.Hit
		res.MRR += lm.RR
		for _, it := range recs[p] {
			seen[it] = true
		}
	}
	if n := float64(len(users)); n > 0 {
		res.Precision /= n
		res.Recall /= n
		res.NDCG /= n
		res.HitRate /= n
		res.MRR /= n
	}
	if ni := in.NumItems(); ni > 0 {
		res.Coverage = float64(len(seen)) / float64(ni)
	}
	return res, nil
}

// TopK returns the indices of the k largest finite scores, best first, ties to the
// lower index.
func TopK(scores []float64, k int) []int {
	idx := make([]int, 0, len(scores))
	for i, s := range scores {
		if !math.IsInf(s, 0) && !math.IsNaN(s) {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return scores[idx[a]] > scores[idx[b]] })
	return idx[:min(k, len(idx))]
}
