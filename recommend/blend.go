package recommend

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// Blend scores with a weighted sum of several models trained on the same
// interactions. Each model's scores for a user are first divided by their largest
// absolute value over the items outside the user's history, so weights compare like with like across models whose score
// scales differ by orders of magnitude.
type Blend struct {
	base
	Models  []Model
	Weights []float64
}

// NewBlend combines models (all trained on in) with the given weights.
func NewBlend(in *Interactions, models []Model, weights []float64) (*Blend, error) {
	if len(models) == 0 || len(models) != len(weights) {
		return nil, &ValidationError{Field: "weights", Value: len(weights), Reason: fmt.Sprintf("need one weight per model (%d models)", len(models))}
	}
	for k, m := range models {
		if m.Data().NumItems() != in.NumItems() || m.Data().NumUsers() != in.NumUsers() {
			return nil, &ValidationError{Field: "models", Value: m.Name(), Reason: "trained on other interactions"}
		}
		if math.IsNaN(weights[k]) || math.IsInf(weights[k], 0) {
			return nil, &ValidationError{Field: "weights", Value: weights[k], Reason: "not finite"}
		}
	}
	b := &Blend{Models: models, Weights: weights}
	b.init(in, b)
	return b, nil
}

// Name returns "blend".
func (b *Blend) Name() string { return "blend" }

// ScoreInto sums the normalised scores of the parts.
func (b *Blend) ScoreInto(u int, h Row, dst []float64) {
	clear(dst)
	part := make([]float64, len(dst))
	for k, m := range b.Models {
		m.ScoreInto(u, h, part)
		// Scale by the largest score among items that can still be recommended:
		// history items often score highest and would otherwise set the scale.
		var top float64
		next := 0
		for j, v := range part {
			if next < len(h.Ind) && int(h.Ind[next]) == j {
				next++
				continue
			}
			top = max(top, math.Abs(v))
		}
		if top == 0 {
			continue
		}
		w := b.Weights[k] / top
		for j, v := range part {
			dst[j] += w * v
		}
	}
}

// Because asks the parts, heaviest weight first, for the history item behind item j.
func (b *Blend) Because(u int, h Row, j int) int {
	order := make([]int, len(b.Models))
	for k := range order {
		order[k] = k
	}
	slices.SortStableFunc(order, func(x, y int) int { return cmp.Compare(b.Weights[y], b.Weights[x]) })
	for _, k := range order {
		if ex, ok := b.Models[k].(explainer); ok && b.Weights[k] > 0 {
			if i := ex.Because(u, h, j); i >= 0 {
				return i
			}
		}
	}
	return -1
}
