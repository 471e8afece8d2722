package recommend

import (
	"context"
	"math"
)

// KNNOptions configures ItemKNN. The zero value gives k = 100 neighbours and
// shrinkage 10.
type KNNOptions struct {
	// K is the number of neighbours kept per item; 0 means 100.
	K int
	// Shrink is added to the cosine denominator, damping similarities resting on few
	// co-occurrences; 0 means 10, negative means none.
	Shrink float64
}

// ItemKNN is item-based collaborative filtering (Sarwar et al. 2001; Deshpande &
// Karypis 2004): cosine similarity between item columns with shrinkage,
// sim(i,j) = ⟨x_i, x_j⟩ / (‖x_i‖‖x_j‖ + shrink), keeping each item's K nearest
// neighbours; a user's score for j sums the similarities of j to the history.
type ItemKNN struct {
	base
	itemSim
	opts KNNOptions
}

// TrainItemKNN computes the neighbourhoods in parallel.
func TrainItemKNN(ctx context.Context, in *Interactions, opts *KNNOptions) (*ItemKNN, error) {
	if in == nil || in.NumItems() == 0 || in.M.NNZ() == 0 {
		return nil, ErrEmpty
	}
	var o KNNOptions
	if opts != nil {
		o = *opts
	}
	if o.K < 0 {
		return nil, &ValidationError{Field: "KNNOptions.K", Value: o.K, Reason: "negative"}
	}
	if o.K == 0 {
		o.K = 100
	}
	switch {
	case o.Shrink == 0:
		o.Shrink = 10
	case o.Shrink < 0:
		o.Shrink = 0
	}
	x := in.M
	xt := x.Transpose()
	norm := make([]float64, in.NumItems())
	for i := range norm {
		var s float64
		for _, v := range xt.Row(i).Val {
			s += v * v
		}
		norm[i] = math.Sqrt(s)
	}
	// Cosine is symmetric, so item j's neighbour row is also the column of
	// similarities pointing at j; transposing turns "neighbours of j" into
	// "what history item i contributes to".
	nb, err := simRows(ctx, in.NumItems(), o.K, func(j int, acc []float64, touched []int32) []int32 {
		col := xt.Row(j)
		for p, u := range col.Ind {
			xv := col.Val[p]
			row := x.Row(int(u))
			for q, i := range row.Ind {
				if acc[i] == 0 {
					touched = append(touched, i)
				}
				acc[i] += xv * row.Val[q]
			}
		}
		for _, i := range touched {
			if d := norm[i]*norm[j] + o.Shrink; d > 0 {
				acc[i] /= d
			}
		}
		return touched
	})
	if err != nil {
		return nil, err
	}
	m := &ItemKNN{itemSim: itemSim{W: nb.Transpose()}, opts: o}
	m.init(in, m)
	return m, nil
}

// Name returns "itemknn".
func (m *ItemKNN) Name() string { return "itemknn" }

// ScoreInto sums neighbour similarities over the history h.
func (m *ItemKNN) ScoreInto(_ int, h Row, dst []float64) { m.scoreInto(h, dst) }

// Because returns the history item that speaks most for item j, or -1.
func (m *ItemKNN) Because(_ int, h Row, j int) int { i, _ := m.because(h, j); return i }
