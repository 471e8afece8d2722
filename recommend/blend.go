package recommend

import (
	"fmt"
	"math"
)

// Blend scores with a weighted sum of several models trained on the same
// interactions. Each model's scores for a user are first divided by their largest
// absolute value, so weights compare like with like across models whose score
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
		var top float64
		for _, v := range part {
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
