package recommend

import (
	"sync"
)

// Model is a trained recommendation model. Every model in this package is
// deterministic for its options' seed and safe for concurrent use once trained.
type Model interface {
	// Name returns a short name such as "ease" or "als".
	Name() string
	// Data returns the interactions the model was trained on.
	Data() *Interactions
	// ScoreInto writes the score of every item into dst (length NumItems) for the user
	// with index u and history h. u is -1 for a user the model was not trained on,
	// and models that keep per-user state (ALS) then fold h in. A model with per-user
	// state uses it when u ≥ 0, so callers with fresh events pass -1 and the merged
	// history.
	ScoreInto(u int, h Row, dst []float64)
	// Score returns the score of every item, in item-index order, for a known user;
	// ErrUnknownUser otherwise.
	Score(user string) ([]float64, error)
	// Recommend returns the n best items for a known user, best first, after
	// filters; ErrUnknownUser otherwise. Serving with fallbacks, rules and reasons
	// is the Recommender's job.
	Recommend(user string, n int, filters ...Filter) ([]Scored, error)
}

// Scored is one recommended item with its score.
type Scored struct {
	Item  string  `json:"item"`
	Score float64 `json:"score"`
}

// base gives every model the Recommend and Score methods over its ScoreInto.
type base struct {
	data  *Interactions
	self  Model
	pool  sync.Pool // *[]float64 score buffers of length NumItems
	items int
}

func (b *base) init(in *Interactions, self Model) {
	b.data, b.self, b.items = in, self, in.NumItems()
	n := b.items
	b.pool.New = func() any { s := make([]float64, n); return &s }
}

// Data returns the interactions the model was trained on.
func (b *base) Data() *Interactions { return b.data }

// Score returns the score of every item (in item-index order) for a known user.
func (b *base) Score(user string) ([]float64, error) {
	u, ok := b.data.Users.Index(user)
	if !ok {
		return nil, ErrUnknownUser
	}
	dst := make([]float64, b.items)
	b.self.ScoreInto(u, b.data.History(u), dst)
	return dst, nil
}

// Recommend returns the n best items for a known user, best first, after filters.
// Items the user interacted with are not excluded unless ExcludeSeen is given.
func (b *base) Recommend(user string, n int, filters ...Filter) ([]Scored, error) {
	u, ok := b.data.Users.Index(user)
	if !ok {
		return nil, ErrUnknownUser
	}
	h := b.data.History(u)
	buf := b.pool.Get().(*[]float64)
	defer b.pool.Put(buf)
	scores := *buf
	b.self.ScoreInto(u, h, scores)
	q := newQuery(b.data, u, h, filters)
	top := topN(scores, n, q.skip)
	out := make([]Scored, len(top))
	for k, i := range top {
		out[k] = Scored{Item: b.data.Items.ID(i), Score: scores[i]}
	}
	return out, nil
}
