package recommend

import (
	"context"
	"math"
	"math/rand/v2"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/mat"
)

// ALSOptions configures implicit ALS. The zero value gives 64 factors, 15 iterations,
// α = 1, λ = 10, 3 conjugate-gradient steps and seed 1.
type ALSOptions struct {
	Factors    int     // latent dimension k; 0 means 64
	Iterations int     // alternating sweeps; 0 means 15
	Alpha      float64 // confidence slope: c = 1 + α·r; 0 means 1
	Lambda     float64 // L2 penalty; 0 means 10
	CGSteps    int     // conjugate-gradient steps per row and sweep; 0 means 3
	// RegExponent ν scales each row's penalty with the weight of its loss terms,
	// λ_r = λ·(w_r / mean w)^ν with w_r = α·Σ r + (columns), the frequency-scaled
	// regularisation of Rendle, Krichene, Zhang & Koren (2022, "Revisiting the
	// performance of iALS on item recommendation benchmarks"); 0 is plain Hu et al.
	RegExponent float64
	Seed        uint64 // initialisation seed; 0 means 1
	// Progress, when set, is called after each sweep with its number (from 1).
	Progress func(iteration int)
}

// ALS is implicit-feedback matrix factorisation (Hu, Koren & Volinsky 2008,
// "Collaborative Filtering for Implicit Feedback Datasets"): preferences p_ui = 1 for
// observed pairs with confidence c_ui = 1 + α·r_ui, and every unobserved pair a
// preference of 0 at confidence 1. Each sweep updates all user factors, then all item
// factors, solving each row's normal equations with a few warm-started
// conjugate-gradient steps, rows spread over all cores.
type ALS struct {
	base
	opts           ALSOptions
	K              int
	X              []float64 // users × K, row-major
	Y              []float64 // items × K, row-major
	y32            []float32 // Y in float32 for fast scoring
	gram           []float64 // YᵀY, for folding in new histories
	meanUserWeight float64
	index          *normIndex // factors by decreasing norm, for pruned top-N
	xpool          sync.Pool
}

// TrainALS fits the factors.
func TrainALS(ctx context.Context, in *Interactions, opts *ALSOptions) (*ALS, error) {
	if in == nil || in.NumItems() == 0 || in.M.NNZ() == 0 {
		return nil, ErrEmpty
	}
	o, err := alsDefaults(opts)
	if err != nil {
		return nil, err
	}
	k := o.Factors
	nu, ni := in.NumUsers(), in.NumItems()
	rng := rand.New(rand.NewPCG(o.Seed, 0x9e3779b97f4a7c15))
	x := make([]float64, nu*k)
	y := make([]float64, ni*k)
	for i := range x {
		x[i] = rng.NormFloat64() * 0.01
	}
	for i := range y {
		y[i] = rng.NormFloat64() * 0.01
	}
	xm, xt := in.M, in.M.Transpose()
	scratch := make([]*cgScratch, numWorkers())
	for w := range scratch {
		scratch[w] = newCGScratch(k)
	}
	userReg, itemReg := rowPenalties(xm, o), rowPenalties(xt, o)
	sweep := func(dst, other []float64, rows *CSR, reg []float64) error {
		gram := gramPlus(other, k, 0)
		return parallelFor(ctx, rows.Rows, func(w, r int) {
			row := rows.Row(r)
			conf := make([]float64, len(row.Val))
			for n, v := range row.Val {
				conf[n] = o.Alpha * v
			}
			s := &implicitSystem{gram: gram, reg: reg[r], y: other, k: k, ind: row.Ind, conf: conf}
			cgSolve(s, dst[r*k:r*k+k], o.CGSteps, scratch[w])
		})
	}
	for it := 1; it <= o.Iterations; it++ {
		if err := sweep(x, y, xm, userReg); err != nil {
			return nil, err
		}
		if err := sweep(y, x, xt, itemReg); err != nil {
			return nil, err
		}
		if o.Progress != nil {
			o.Progress(it)
		}
	}
	m := newALS(in, o, x, y)
	return m, nil
}

// rowPenalties returns λ_r for every row of m (see ALSOptions.RegExponent).
func rowPenalties(m *CSR, o ALSOptions) []float64 {
	reg := make([]float64, m.Rows)
	for r := range reg {
		reg[r] = o.Lambda
	}
	if o.RegExponent == 0 || m.Rows == 0 {
		return reg
	}
	w := make([]float64, m.Rows)
	var mean float64
	for r := range w {
		for _, v := range m.Row(r).Val {
			w[r] += o.Alpha * v
		}
		w[r] += float64(m.Cols)
		mean += w[r]
	}
	mean /= float64(m.Rows)
	for r := range reg {
		reg[r] = o.Lambda * math.Pow(w[r]/mean, o.RegExponent)
	}
	return reg
}

func alsDefaults(opts *ALSOptions) (ALSOptions, error) {
	var o ALSOptions
	if opts != nil {
		o = *opts
	}
	if o.Factors < 0 || o.Iterations < 0 || o.Alpha < 0 || o.Lambda < 0 || o.CGSteps < 0 || o.RegExponent < 0 ||
		math.IsNaN(o.Alpha) || math.IsNaN(o.Lambda) || math.IsNaN(o.RegExponent) {
		return o, &ValidationError{Field: "ALSOptions", Value: o, Reason: "negative or NaN setting"}
	}
	if o.Factors == 0 {
		o.Factors = 64
	}
	if o.Iterations == 0 {
		o.Iterations = 15
	}
	if o.Alpha == 0 {
		o.Alpha = 1
	}
	if o.Lambda == 0 {
		o.Lambda = 10
	}
	if o.CGSteps == 0 {
		o.CGSteps = 3
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	return o, nil
}

func newALS(in *Interactions, o ALSOptions, x, y []float64) *ALS {
	k := o.Factors
	m := &ALS{opts: o, K: k, X: x, Y: y, y32: make([]float32, len(y)), gram: gramPlus(y, k, 0)}
	if o.RegExponent != 0 {
		// the mean row weight of the user side, so that folded-in users get the
		// penalty training would have given them
		xm := in.M
		var total float64
		for _, v := range xm.Val {
			total += o.Alpha * v
		}
		m.meanUserWeight = total/float64(max(xm.Rows, 1)) + float64(xm.Cols)
	}
	for i, v := range y {
		m.y32[i] = float32(v)
	}
	m.index = newNormIndex(m.y32, k)
	m.xpool.New = func() any { s := make([]float32, k+max(in.NumItems(), pruneBlock)); return &s }
	m.init(in, m)
	return m
}

// gramPlus returns FᵀF + λI for the row-major factor matrix f with k columns.
func gramPlus(f []float64, k int, lambda float64) []float64 {
	var g mat.SymDense
	g.SymOuterK(1, mat.NewDense(len(f)/k, k, f).T())
	out := make([]float64, k*k)
	for a := 0; a < k; a++ {
		for b := 0; b < k; b++ {
			out[a*k+b] = g.At(a, b)
		}
		out[a*k+a] += lambda
	}
	return out
}

// Name returns "als".
func (m *ALS) Name() string { return "als" }

// Options returns the options the model was trained with.
func (m *ALS) Options() ALSOptions { return m.opts }

// UserVector returns the factor vector for user index u, or, when u is -1, the
// vector folded in from history h (an exact solve of the user's normal equations with
// the item factors held fixed, the same step training takes).
func (m *ALS) UserVector(u int, h Row) []float64 {
	if u >= 0 && u < m.data.NumUsers() {
		return m.X[u*m.K : (u+1)*m.K : (u+1)*m.K]
	}
	return m.FoldIn(h)
}

// FoldIn solves for the factor vector of a user with history h without retraining.
func (m *ALS) FoldIn(h Row) []float64 {
	k := m.K
	a := make([]float64, k*k)
	copy(a, m.gram)
	b := make([]float64, k)
	reg := m.opts.Lambda
	if m.opts.RegExponent != 0 {
		w := float64(m.data.NumItems())
		for _, v := range h.Val {
			w += m.opts.Alpha * v
		}
		reg *= math.Pow(w/m.meanUserWeight, m.opts.RegExponent)
	}
	for r := 0; r < k; r++ {
		a[r*k+r] += reg
	}
	for n, i := range h.Ind {
		if int(i) >= m.data.NumItems() {
			continue
		}
		y := m.Y[int(i)*k : int(i)*k+k]
		c := m.opts.Alpha * h.Val[n]
		for r := 0; r < k; r++ {
			axpy(c*y[r], y, a[r*k:r*k+k])
		}
		axpy(1+c, y, b)
	}
	if !cholSolve(a, k, b) {
		return make([]float64, k) // λ > 0 makes A positive definite; unreachable for valid options
	}
	return b
}

// ScoreInto computes x_u·y_j for every item j.
func (m *ALS) ScoreInto(u int, h Row, dst []float64) {
	x := m.UserVector(u, h)
	buf := m.xpool.Get().(*[]float32)
	defer m.xpool.Put(buf)
	xs := (*buf)[:m.K]
	out := (*buf)[m.K : m.K+m.data.NumItems()]
	for f, v := range x {
		xs[f] = float32(v)
	}
	ni := m.data.NumItems()
	blas32.Gemv(blas.NoTrans, 1, blas32.General{Rows: ni, Cols: m.K, Stride: m.K, Data: m.y32},
		blas32.Vector{N: m.K, Inc: 1, Data: xs}, 0, blas32.Vector{N: ni, Inc: 1, Data: out})
	for j, v := range out {
		dst[j] = float64(v)
	}
}

// Because returns the history item whose factor vector is closest in direction to
// item j's, or -1.
func (m *ALS) Because(_ int, h Row, j int) int {
	k := m.K
	yj := m.Y[j*k : j*k+k]
	best, bestV := -1, 0.0
	for _, i := range h.Ind {
		yi := m.Y[int(i)*k : int(i)*k+k]
		d := dot(yi, yi)
		if d == 0 {
			continue
		}
		if v := dot(yi, yj) / math.Sqrt(d); v > bestV {
			best, bestV = int(i), v
		}
	}
	return best
}
