package recommend

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"
)

// RecommenderOptions configures a Recommender. Every field is optional.
type RecommenderOptions struct {
	// Products is the catalogue: categories for diversity, category rules and new-item
	// fallbacks; inactive products are never recommended. Products missing from the
	// training interactions cannot be scored by the model.
	Products []Product
	// Names maps item IDs to display names used in explanations.
	Names map[string]string
	// Segment maps a user ID to a segment for cold-start popularity ("" for none).
	Segment func(user string) string
	// FBT, when set, explains items bought together with the history ("often bought
	// with X").
	FBT *FBT
	// TrendingWindow is the window of the trending fallback; 0 means 30 days.
	TrendingWindow time.Duration
	// Diversity in [0, 1) trades relevance for category variety with maximal marginal
	// relevance (Carbonell & Goldstein 1998): 0 is pure relevance, 0.3 a mild mix.
	Diversity float64
	// Rules are merchandising rules (Boost, Bury, Pin).
	Rules []Rule
	// Build gives the weights that AddEvents applies to fresh events; nil means
	// DefaultWeights. Set Binary when the model was trained on binary interactions.
	Build *BuildOptions
}

// Recommender serves a trained model to a shop: fallbacks for new users, catalogue
// filters, business rules, diversity, an explanation with every item, fresh events
// folded in without retraining, and erasure of a user. It is safe for concurrent use.
type Recommender struct {
	mu       sync.RWMutex
	model    Model
	data     *Interactions
	cat      *catalogIndex
	names    []string
	segPop   *SegmentPop
	trending []float64
	segment  func(string) string
	fbt      *FBT
	rules    *compiledRules
	opts     RecommenderOptions
	fresh    map[string]*freshUser // users with events since training
	pool     sync.Pool
}

// freshUser is the serving-time state of a user whose history changed after training.
type freshUser struct {
	hist Row // merged positive history
	neg  Row // merged negative feedback
}

// NewRecommender wraps a trained model for serving.
func NewRecommender(ctx context.Context, m Model, opts *RecommenderOptions) (*Recommender, error) {
	if m == nil {
		return nil, &ValidationError{Field: "model", Value: nil, Reason: "nil"}
	}
	var o RecommenderOptions
	if opts != nil {
		o = *opts
	}
	if o.Diversity < 0 || o.Diversity >= 1 || math.IsNaN(o.Diversity) {
		return nil, &ValidationError{Field: "RecommenderOptions.Diversity", Value: o.Diversity, Reason: "outside [0, 1)"}
	}
	if o.TrendingWindow < 0 {
		return nil, &ValidationError{Field: "RecommenderOptions.TrendingWindow", Value: o.TrendingWindow, Reason: "negative"}
	}
	if o.TrendingWindow == 0 {
		o.TrendingWindow = 30 * 24 * time.Hour
	}
	in := m.Data()
	r := &Recommender{model: m, data: in, segment: o.Segment, fbt: o.FBT, opts: o, fresh: map[string]*freshUser{}}
	r.cat = newCatalogIndex(in.Items, o.Products)
	r.names = make([]string, in.NumItems())
	for id, n := range o.Names {
		if i, ok := in.Items.Index(id); ok {
			r.names[i] = n
		}
	}
	var err error
	if r.rules, err = compileRules(o.Rules, in.Items, r.cat); err != nil {
		return nil, err
	}
	if r.segPop, err = TrainSegmentPop(ctx, in, o.Segment, nil); err != nil {
		return nil, err
	}
	r.trending = popularity(in, nil, PopOptions{Window: o.TrendingWindow})
	if !slices.ContainsFunc(r.trending, func(v float64) bool { return v > 0 }) {
		r.trending = r.segPop.Global // no timestamps or an empty window: all-time popularity
	}
	n := in.NumItems()
	r.pool.New = func() any { s := make([]float64, n); return &s }
	return r, nil
}

// Model returns the served model.
func (r *Recommender) Model() Model { return r.model }

// userState resolves a user to its index (−1 when the model must fold in) and history.
func (r *Recommender) userState(user string) (u int, h, neg Row) {
	u, known := r.data.Users.Index(user)
	if f, ok := r.fresh[user]; ok {
		return -1, f.hist, f.neg
	}
	if !known {
		return -1, Row{}, Row{}
	}
	return u, r.data.History(u), r.data.Negative.Row(u)
}

// Recommend returns up to n items for user, best first, each with a reason. Users
// without history get popular items of their segment, or trending items. Inactive
// products and items the user disliked are always left out; pass ExcludeSeen to leave
// out everything the user has interacted with.
func (r *Recommender) Recommend(user string, n int, filters ...Filter) ([]Recommendation, error) {
	if n <= 0 {
		return nil, nil
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	u, h, neg := r.userState(user)
	buf := r.pool.Get().(*[]float64)
	defer r.pool.Put(buf)
	scores := *buf
	q := &query{data: r.data, hist: h, neg: neg, excludeDisliked: true, activeOnly: true, cat: r.cat}
	for _, f := range filters {
		f(q)
	}
	var fallback Reason
	var top []candidate
	als, isALS := r.model.(*ALS)
	switch {
	case h.Len() == 0:
		fallback = r.coldScores(user, scores)
		top = r.rank(scores, n, q)
	case isALS && len(r.rules.boost) == 0 && len(r.rules.bury) == 0:
		top = r.rankALS(als, u, h, n, q)
	default:
		r.model.ScoreInto(u, h, scores)
		top = r.rank(scores, n, q)
	}
	out := make([]Recommendation, len(top))
	for k, c := range top {
		rec := Recommendation{Item: r.data.Items.ID(c.item), Score: c.score}
		switch {
		case c.pinned:
			rec.Reason = Reason{Kind: ReasonPinned, Text: "featured"}
		case fallback.Kind != "":
			rec.Reason = fallback
		default:
			rec.Reason = r.explain(u, h, c.item)
		}
		out[k] = rec
	}
	return out, nil
}

// coldScores fills scores for a user without history and returns the reason to give.
func (r *Recommender) coldScores(user string, scores []float64) Reason {
	if r.segment != nil {
		if seg := r.segment(user); seg != "" && r.segPop.HasSegment(seg) {
			r.segPop.ScoreSegment(seg, scores)
			return Reason{Kind: ReasonPopularSegment, Text: "popular among customers like you"}
		}
	}
	copy(scores, r.trending)
	return Reason{Kind: ReasonTrending, Text: "trending in the shop"}
}

type candidate struct {
	item   int
	score  float64
	pinned bool
}

// poolSize is how many candidates rank draws before diversity and pins.
func (r *Recommender) poolSize(n int) int {
	if r.opts.Diversity > 0 {
		return 10 * n // MMR needs candidates from other categories to choose from
	}
	return n
}

// rank applies rules, filters, diversity and pins to dense scores.
func (r *Recommender) rank(scores []float64, n int, q *query) []candidate {
	pool := r.poolSize(n)
	if len(r.rules.boost) > 0 {
		// boosts are relative to the best eligible score, so they mean the same for
		// every model whatever its score scale
		best := 1.0
		for _, i := range topN(scores, 1, q.skip) {
			if s := math.Abs(scores[i]); s > 0 {
				best = s
			}
		}
		for i, b := range r.rules.boost {
			scores[i] += b * best
		}
	}
	buried := func(i int) bool { return q.skip(i) || r.rules.bury[i] }
	idx := topN(scores, pool, buried)
	if len(idx) < pool && len(r.rules.bury) > 0 {
		// buried items come last, and only when nothing else is left
		idx = append(idx, topN(scores, pool-len(idx), func(i int) bool { return q.skip(i) || !r.rules.bury[i] })...)
	}
	return r.finish(idx, func(i int) float64 { return scores[i] }, n, q)
}

// rankALS ranks for an ALS model without scoring the whole catalogue (see
// normIndex); boosts and burials need every score, so they take the dense path.
func (r *Recommender) rankALS(m *ALS, u int, h Row, n int, q *query) []candidate {
	x := m.UserVector(u, h)
	idx, vals := m.topCandidates(x, r.poolSize(n), q.skip)
	byItem := make(map[int]float64, len(idx))
	for k, i := range idx {
		byItem[i] = vals[k]
	}
	score := func(i int) float64 {
		if v, ok := byItem[i]; ok {
			return v
		}
		return dot(x, m.Y[i*m.K:(i+1)*m.K])
	}
	return r.finish(idx, score, n, q)
}

// finish applies diversity and pins to ranked candidates.
func (r *Recommender) finish(idx []int, score func(int) float64, n int, q *query) []candidate {
	if r.opts.Diversity > 0 {
		idx = r.mmr(idx, score, n)
	}
	out := make([]candidate, 0, n)
	for _, i := range idx[:min(n, len(idx))] {
		out = append(out, candidate{item: i, score: score(i)})
	}
	for _, p := range r.rules.pins {
		if q.skip(p.item) {
			continue
		}
		out = slices.DeleteFunc(out, func(c candidate) bool { return c.item == p.item })
		at := min(p.pos-1, len(out))
		out = slices.Insert(out, at, candidate{item: p.item, score: score(p.item), pinned: true})
	}
	return out[:min(n, len(out))]
}

// mmr reorders candidates greedily by λ·relevance − (1−λ)·redundancy, where relevance
// is the score rescaled to [0, 1] over the candidates and redundancy is 1 when an item
// of the same category was already chosen (Carbonell & Goldstein 1998).
func (r *Recommender) mmr(idx []int, score func(int) float64, n int) []int {
	if len(idx) == 0 {
		return idx
	}
	lambda := 1 - r.opts.Diversity
	lo, hi := score(idx[len(idx)-1]), score(idx[0])
	for _, i := range idx {
		lo, hi = min(lo, score(i)), max(hi, score(i))
	}
	span := hi - lo
	if span == 0 {
		span = 1
	}
	chosen := make([]int, 0, n)
	used := map[int32]bool{}
	left := slices.Clone(idx)
	for len(chosen) < n && len(left) > 0 {
		bestK, bestV := 0, math.Inf(-1)
		for k, i := range left {
			v := lambda * (score(i) - lo) / span
			if c := r.cat.cat[i]; c >= 0 && used[c] {
				v -= 1 - lambda
			}
			if v > bestV {
				bestK, bestV = k, v
			}
		}
		i := left[bestK]
		chosen = append(chosen, i)
		used[r.cat.cat[i]] = true
		left = slices.Delete(left, bestK, bestK+1)
	}
	return chosen
}

// Similar returns items to show beside item: the model's neighbours when the item has
// interactions (FBT partners first when available), else the most popular items of
// its category — the fallback for a new product.
func (r *Recommender) Similar(item string, n int, filters ...Filter) ([]Recommendation, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	i, ok := r.data.Items.Index(item)
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownItem, item)
	}
	q := &query{data: r.data, activeOnly: true, cat: r.cat, exclude: map[int]bool{i: true}}
	for _, f := range filters {
		f(q)
	}
	var out []Recommendation
	seen := map[int]bool{i: true}
	if r.fbt != nil {
		for _, p := range r.fbt.With(item, n) {
			j, ok := r.data.Items.Index(p.Item)
			if !ok || q.skip(j) || seen[j] {
				continue
			}
			seen[j] = true
			out = append(out, Recommendation{Item: p.Item, Score: p.Lift, Reason: Reason{Kind: ReasonBoughtWith, Item: item, Text: fmt.Sprintf("bought with %s", r.name(i))}})
		}
	}
	if len(out) >= n {
		return out[:n], nil
	}
	scores := make([]float64, r.data.NumItems())
	reason := Reason{Kind: ReasonSimilar, Item: item, Text: fmt.Sprintf("similar to %s", r.name(i))}
	if r.itemHasData(i) {
		r.model.ScoreInto(-1, Row{Ind: []int32{int32(i)}, Val: []float64{1}}, scores)
	} else {
		c := r.cat.category(i)
		copy(scores, r.segPop.Global)
		for j := range scores {
			if r.cat.category(j) != c {
				scores[j] = math.Inf(-1)
			}
		}
		reason = Reason{Kind: ReasonCategory, Item: item, Text: fmt.Sprintf("popular in %s", c)}
	}
	for _, j := range topN(scores, n, func(j int) bool { return seen[j] || q.skip(j) }) {
		if len(out) == n {
			break
		}
		out = append(out, Recommendation{Item: r.data.Items.ID(j), Score: scores[j], Reason: reason})
	}
	return out, nil
}

func (r *Recommender) itemHasData(i int) bool { return r.segPop.Global[i] > 0 }
