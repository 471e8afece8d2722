package recommend

import (
	"context"
	"errors"
	"fmt"
)

// EASEOptions configures EASE. The zero value gives λ = 250 and a limit of 8,000 items.
type EASEOptions struct {
	// Lambda is the L2 penalty added to the Gram matrix diagonal; 0 means 250.
	Lambda float64
	// Dropout, in [0, 1), adds Dropout/(1−Dropout)·G_jj to each item's penalty: the
	// emphasised denoising variant (EDLAE) of Steck (2020, "Autoencoders that don't
	// overfit towards the identity"), which penalises popular items more. 0 is plain EASE.
	Dropout float64
	// Unconstrained drops the zero-diagonal constraint, giving the denoising linear
	// autoencoder (DLAE) of the same paper, B = I − P·Λ with Λ the penalty diagonal.
	// Seen items are excluded when ranking, so this changes only how columns are
	// scaled against each other.
	Unconstrained bool
	// MaxItems refuses catalogues larger than this, since training allocates about
	// 2.5 dense items × items float64 matrices (8,000 items ≈ 1.3 GB); 0 means 8,000.
	MaxItems int
}

// EASE is the embarrassingly shallow autoencoder of Steck (2019, "Embarrassingly
// Shallow Autoencoders for Sparse Data"): the item × item weight matrix B minimising
// ‖X − XB‖² + λ‖B‖² subject to diag(B) = 0, in closed form: with P = (XᵀX + λI)⁻¹,
// B_ij = −P_ij / P_jj. The inverse is taken through a tiled Cholesky factorisation
// that runs on all cores.
type EASE struct {
	base
	n int
	B []float64 // row-major items × items; row i is what item i in a history adds
}

// TrainEASE fits EASE. It returns an error wrapping ErrTooLarge when the catalogue
// exceeds MaxItems, and one naming λ when the Gram matrix is not positive definite.
func TrainEASE(ctx context.Context, in *Interactions, opts *EASEOptions) (*EASE, error) {
	if in == nil || in.NumItems() == 0 || in.M.NNZ() == 0 {
		return nil, ErrEmpty
	}
	var o EASEOptions
	if opts != nil {
		o = *opts
	}
	if o.Lambda < 0 {
		return nil, &ValidationError{Field: "EASEOptions.Lambda", Value: o.Lambda, Reason: "negative"}
	}
	if o.Lambda == 0 {
		o.Lambda = 250
	}
	if o.Dropout < 0 || o.Dropout >= 1 {
		return nil, &ValidationError{Field: "EASEOptions.Dropout", Value: o.Dropout, Reason: "outside [0, 1)"}
	}
	if o.MaxItems <= 0 {
		o.MaxItems = 8000
	}
	n := in.NumItems()
	if n > o.MaxItems {
		return nil, fmt.Errorf("%w: EASE with %d items needs about %.1f GB (limit %d items; use ItemKNN, RP3beta or ALS)",
			ErrTooLarge, n, 2.5*8*float64(n)*float64(n)/1e9, o.MaxItems)
	}
	x, xt := in.M, in.M.Transpose()
	g := make([]float64, n*n)
	gramDiag := make([]float64, n)
	// Row i of the Gram matrix is Σ_u x_ui·x_u; rows are independent.
	err := parallelFor(ctx, n, func(_, i int) {
		gi := g[i*n : (i+1)*n]
		col := xt.Row(i)
		for p, u := range col.Ind {
			xv := col.Val[p]
			row := x.Row(int(u))
			for q, j := range row.Ind {
				gi[j] += xv * row.Val[q]
			}
		}
		gramDiag[i] = gi[i]
		gi[i] += o.Lambda + o.Dropout/(1-o.Dropout)*gi[i]
	})
	if err != nil {
		return nil, err
	}
	pen := make([]float64, n) // Λ_jj, the diagonal added to the Gram matrix
	for j := range pen {
		pen[j] = g[j*n+j] - gramDiag[j]
	}
	if err := invertSPD(ctx, g, n); err != nil {
		if errors.Is(err, errNotPD) {
			return nil, fmt.Errorf("recommend: EASE Gram matrix not positive definite with λ=%g; increase Lambda", o.Lambda)
		}
		return nil, err
	}
	p := g
	diag := make([]float64, n)
	for j := range diag {
		diag[j] = p[j*n+j]
	}
	// B overwrites P in place: each entry needs only P_ij itself and the saved diagonal.
	b := p
	err = parallelFor(ctx, n, func(_, i int) {
		row := b[i*n : (i+1)*n]
		for j, pij := range row {
			switch {
			case i == j:
				row[j] = 0
			case o.Unconstrained:
				row[j] = -pij * pen[j]
			default:
				row[j] = -pij / diag[j]
			}
		}
	})
	if err != nil {
		return nil, err
	}
	m := &EASE{n: n, B: b}
	m.init(in, m)
	return m, nil
}

// Name returns "ease".
func (m *EASE) Name() string { return "ease" }

// ScoreInto computes h·B.
func (m *EASE) ScoreInto(_ int, h Row, dst []float64) {
	clear(dst)
	n := m.n
	for k, i := range h.Ind {
		hv := h.Val[k]
		row := m.B[int(i)*n : int(i+1)*n]
		for j, b := range row {
			dst[j] += hv * b
		}
	}
}

// Because returns the history item that speaks most for item j, or -1.
func (m *EASE) Because(_ int, h Row, j int) int {
	best, bestV := -1, 0.0
	for k, i := range h.Ind {
		if v := h.Val[k] * m.B[int(i)*m.n+j]; v > bestV {
			best, bestV = int(i), v
		}
	}
	return best
}
