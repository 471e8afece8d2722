package recommend

import (
	"context"
	"time"
)

// PopOptions configures MostPop. The zero value counts every user once per item over
// all time.
type PopOptions struct {
	// Window, when positive, counts only interactions whose latest event lies within
	// Window before AsOf ("trending").
	Window time.Duration
	// AsOf is the end of the window; zero means the latest interaction time.
	AsOf time.Time
	// Weighted sums interaction strengths instead of counting users.
	Weighted bool
}

// MostPop recommends the most popular items to everyone: the baseline every
// personalised model must beat, and the cold-start fallback.
type MostPop struct {
	base
	Pop []float64 // popularity per item index
}

// TrainMostPop counts item popularity.
func TrainMostPop(ctx context.Context, in *Interactions, opts *PopOptions) (*MostPop, error) {
	if in == nil || in.NumItems() == 0 {
		return nil, ErrEmpty
	}
	var o PopOptions
	if opts != nil {
		o = *opts
	}
	if o.Window < 0 {
		return nil, &ValidationError{Field: "PopOptions.Window", Value: o.Window, Reason: "negative"}
	}
	m := &MostPop{Pop: popularity(in, nil, o)}
	m.init(in, m)
	return m, ctx.Err()
}

// popularity counts items over the users for which keep is true (nil keeps all).
func popularity(in *Interactions, keep func(u int) bool, o PopOptions) []float64 {
	pop := make([]float64, in.NumItems())
	var since int64
	if o.Window > 0 {
		asOf := o.AsOf.Unix()
		if o.AsOf.IsZero() {
			for _, t := range in.Last {
				asOf = max(asOf, t)
			}
		}
		since = asOf - int64(o.Window/time.Second)
	}
	for u := 0; u < in.M.Rows; u++ {
		if keep != nil && !keep(u) {
			continue
		}
		for k := in.M.Ptr[u]; k < in.M.Ptr[u+1]; k++ {
			if o.Window > 0 && in.Last[k] < since {
				continue
			}
			if o.Weighted {
				pop[in.M.Ind[k]] += in.M.Val[k]
			} else {
				pop[in.M.Ind[k]]++
			}
		}
	}
	return pop
}

// Name returns "mostpop".
func (m *MostPop) Name() string { return "mostpop" }

// ScoreInto writes the popularity of every item.
func (m *MostPop) ScoreInto(_ int, _ Row, dst []float64) { copy(dst, m.Pop) }
