package recommend

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func scoreOf(t *testing.T, m Model, user, item string) float64 {
	t.Helper()
	in := m.Data()
	u, _ := in.Users.Index(user)
	i, _ := in.Items.Index(item)
	dst := make([]float64, in.NumItems())
	m.ScoreInto(u, in.History(u), dst)
	return dst[i]
}

func closeTo(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.9f, want %.9f", name, got, want)
	}
}

// Cosines worked by hand on tiny: a = {u1,u2}, b = {u1,u2,u3}, c = {u2,u3}.
// cos(a,b) = 2/√6, cos(a,c) = 1/2, cos(b,c) = 2/√6; with shrinkage 1 the
// denominators grow by 1.
func TestItemKNNHandWorked(t *testing.T) {
	in := tiny(t)
	m, err := TrainItemKNN(ctx, in, &KNNOptions{K: 5, Shrink: -1})
	if err != nil {
		t.Fatal(err)
	}
	// u1 has a and b: score(c) = cos(a,c) + cos(b,c)
	closeTo(t, "score(u1,c)", scoreOf(t, m, "u1", "c"), 0.5+2/math.Sqrt(6), 1e-12)
	// u3 has b and c: score(a) = cos(b,a) + cos(c,a)
	closeTo(t, "score(u3,a)", scoreOf(t, m, "u3", "a"), 2/math.Sqrt(6)+0.5, 1e-12)
	m, _ = TrainItemKNN(ctx, in, &KNNOptions{K: 5, Shrink: 1})
	closeTo(t, "shrunk score(u1,c)", scoreOf(t, m, "u1", "c"), 1/(2+1.0)+2/(math.Sqrt(6)+1), 1e-12)
	// K = 1 keeps for each target only its single nearest neighbour: a's is b, c's is b.
	m, _ = TrainItemKNN(ctx, in, &KNNOptions{K: 1, Shrink: -1})
	closeTo(t, "k=1 score(u1,c)", scoreOf(t, m, "u1", "c"), 2/math.Sqrt(6), 1e-12)
	if got := m.Because(0, in.History(0), 2); in.Items.ID(got) != "b" {
		t.Errorf("because = %s, want b", in.Items.ID(got))
	}
}

// Three-step walk probabilities worked by hand on tiny with α = 1:
// W[a,b] = P(a→u1)P(u1→b) + P(a→u2)P(u2→b) = ½·½ + ½·⅓ = 5/12, W[a,c] = ½·⅓ = 1/6.
// With β = ½ the target's popularity divides: b has 3 users, c 2.
func TestRP3betaHandWorked(t *testing.T) {
	in := tiny(t)
	m, err := TrainRP3beta(ctx, in, &RP3Options{Alpha: 1, Beta: 0.5, K: 5})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := in.Items.Index("a")
	b, _ := in.Items.Index("b")
	c, _ := in.Items.Index("c")
	closeTo(t, "W[a,b]", m.W.At(a, b), 5.0/12/math.Sqrt(3), 1e-12)
	closeTo(t, "W[a,c]", m.W.At(a, c), 1.0/6/math.Sqrt(2), 1e-12)
	if m.W.At(a, a) != 0 {
		t.Error("self-similarity kept")
	}
}

// EASE against its defining property rather than its formula: for every item j, the
// column B[:,j] minimises ‖X[:,j] − X·B[:,j]‖² + λ‖B[:,j]‖² with B[j,j] = 0, so
// the gradient (G + λI)·B[:,j] − G[:,j] vanishes in every row i ≠ j.
func TestEASEOptimality(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var ev []Event
	for u := 0; u < 40; u++ {
		for i := 0; i < 9; i++ {
			if rng.Float64() < 0.35 {
				ev = append(ev, Event{User: string(rune('A' + u)), Item: string(rune('a' + i))})
			}
		}
	}
	in, err := FromEvents(ev, &BuildOptions{Binary: true})
	if err != nil {
		t.Fatal(err)
	}
	const lambda = 3.0
	m, err := TrainEASE(ctx, in, &EASEOptions{Lambda: lambda})
	if err != nil {
		t.Fatal(err)
	}
	n := in.NumItems()
	x := mat.NewDense(in.NumUsers(), n, nil)
	for u := 0; u < in.NumUsers(); u++ {
		h := in.History(u)
		for k, i := range h.Ind {
			x.Set(u, int(i), h.Val[k])
		}
	}
	var g mat.Dense
	g.Mul(x.T(), x)
	b := mat.NewDense(n, n, m.B)
	for j := 0; j < n; j++ {
		if b.At(j, j) != 0 {
			t.Fatalf("B[%d,%d] = %g, want 0", j, j, b.At(j, j))
		}
		for i := 0; i < n; i++ {
			if i == j {
				continue
			}
			grad := -g.At(i, j)
			for k := 0; k < n; k++ {
				gik := g.At(i, k)
				if i == k {
					gik += lambda
				}
				grad += gik * b.At(k, j)
			}
			if math.Abs(grad) > 1e-9 {
				t.Fatalf("gradient at (%d,%d) = %g", i, j, grad)
			}
		}
	}
	// score = x_u · B
	u := 5
	want := 0.0
	for k := 0; k < n; k++ {
		want += x.At(u, k) * b.At(k, 2)
	}
	dst := make([]float64, n)
	m.ScoreInto(u, in.History(u), dst)
	closeTo(t, "score", dst[2], want, 1e-12)

	if _, err := TrainEASE(ctx, in, &EASEOptions{MaxItems: 5}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("MaxItems: %v, want ErrTooLarge", err)
	}
}

// The conjugate-gradient solver must reach the exact solution of a user's normal
// equations given enough steps, and fold-in (a Cholesky solve) must satisfy them.
func TestALSSolvers(t *testing.T) {
	s := newTestShop(150, 15, []string{"x", "y", "z"}, 5)
	in := s.interactions(t)
	m, err := TrainALS(ctx, in, &ALSOptions{Factors: 8, Iterations: 5, Alpha: 4, Lambda: 2, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	k := m.K
	h := in.History(3)
	x := m.FoldIn(h)
	conf := make([]float64, h.Len())
	for n, v := range h.Val {
		conf[n] = 4 * v
	}
	sys := &implicitSystem{gram: m.gram, reg: 2, y: m.Y, k: k, ind: h.Ind, conf: conf}
	ax, b := make([]float64, k), make([]float64, k)
	sys.mul(x, ax)
	sys.rhs(b)
	for f := range b {
		closeTo(t, "fold-in residual", ax[f]-b[f], 0, 1e-9)
	}
	cg := make([]float64, k)
	cgSolve(sys, cg, 3*k, newCGScratch(k))
	for f := range x {
		closeTo(t, "cg vs cholesky", cg[f], x[f], 1e-7)
	}
	// deterministic for a seed, whatever the scheduling of rows over cores
	m2, _ := TrainALS(ctx, in, &ALSOptions{Factors: 8, Iterations: 5, Alpha: 4, Lambda: 2, Seed: 9})
	for i := range m.Y {
		if m.Y[i] != m2.Y[i] {
			t.Fatal("ALS not deterministic for a seed")
		}
	}
}

// ALS must decrease its objective Σ c(p − x·y)² + λ(‖X‖² + ‖Y‖²) from sweep to sweep.
func TestALSObjectiveDecreases(t *testing.T) {
	in := newTestShop(120, 10, []string{"x", "y"}, 6).interactions(t)
	prev := math.Inf(1)
	for it := 1; it <= 4; it++ {
		m, err := TrainALS(ctx, in, &ALSOptions{Factors: 6, Iterations: it, Alpha: 3, Lambda: 1, CGSteps: 6, Seed: 2})
		if err != nil {
			t.Fatal(err)
		}
		obj := alsObjective(m)
		if obj > prev+1e-9 {
			t.Errorf("objective rose at sweep %d: %g > %g", it, obj, prev)
		}
		prev = obj
	}
}

func alsObjective(m *ALS) float64 {
	in, k := m.Data(), m.K
	var obj float64
	for u := 0; u < in.NumUsers(); u++ {
		xu := m.X[u*k : u*k+k]
		for i := 0; i < in.NumItems(); i++ {
			p, c := 0.0, 1.0
			if v := in.M.At(u, i); v > 0 {
				p, c = 1, 1+m.opts.Alpha*v
			}
			e := p - dot(xu, m.Y[i*k:i*k+k])
			obj += c * e * e
		}
	}
	return obj + m.opts.Lambda*(dot(m.X, m.X)+dot(m.Y, m.Y))
}

func TestMostPopWindow(t *testing.T) {
	s := newTestShop(100, 10, []string{"x"}, 1)
	in := s.interactions(t)
	all, _ := TrainMostPop(ctx, in, nil)
	var sum float64
	for _, p := range all.Pop {
		sum += p
	}
	if int(sum) != in.M.NNZ() {
		t.Errorf("popularity sums to %g, want %d pairs", sum, in.M.NNZ())
	}
	recent, _ := TrainMostPop(ctx, in, &PopOptions{Window: 100 * 3600e9})
	var rs float64
	for _, p := range recent.Pop {
		rs += p
	}
	if rs <= 0 || rs >= sum {
		t.Errorf("window counts %g of %g", rs, sum)
	}
}

// Rules worked by hand: baskets {a,b}, {a,b,c}, {a,c}, {b}; N = 4, a in 3, b in 3,
// c in 2; a∧b 2, a∧c 2, b∧c 1.
func TestFBTHandWorked(t *testing.T) {
	f, err := TrainFBT(ctx, [][]string{{"a", "b"}, {"a", "b", "c", "c"}, {"a", "c"}, {"b"}}, &FBTOptions{MinCount: 1})
	if err != nil {
		t.Fatal(err)
	}
	ab, _ := f.Rule("a", "b")
	closeTo(t, "support(a,b)", ab.Support, 0.5, 1e-12)
	closeTo(t, "confidence(a→b)", ab.Confidence, 2.0/3, 1e-12)
	closeTo(t, "lift(a→b)", ab.Lift, (2.0/3)/(3.0/4), 1e-12)
	ca, _ := f.Rule("c", "a")
	closeTo(t, "confidence(c→a)", ca.Confidence, 1, 1e-12)
	closeTo(t, "lift(c→a)", ca.Lift, 4.0/3, 1e-12)
	with := f.With("a", 5)
	if len(with) != 2 || with[0].Item != "c" {
		t.Errorf("With(a) = %+v, want c (lift 4/3) before b", with)
	}
	f, _ = TrainFBT(ctx, [][]string{{"a", "b"}, {"a", "b", "c"}, {"a", "c"}, {"b"}}, nil)
	if _, ok := f.Rule("b", "c"); ok {
		t.Error("pair seen once kept despite MinCount 2")
	}
}

func TestBlendAndValidation(t *testing.T) {
	in := tiny(t)
	pop, _ := TrainMostPop(ctx, in, nil)
	knn, _ := TrainItemKNN(ctx, in, &KNNOptions{Shrink: -1})
	b, err := NewBlend(in, []Model{pop, knn}, []float64{1, 0})
	if err != nil {
		t.Fatal(err)
	}
	// weight on MostPop alone: scores are popularity / the largest popularity among
	// items outside the history; c is u1's only such item, so it scores 1 and b,
	// bought by 3 users, 3/2
	closeTo(t, "blend c", scoreOf(t, b, "u1", "c"), 1, 1e-12)
	closeTo(t, "blend b", scoreOf(t, b, "u1", "b"), 1.5, 1e-12)
	var ve *ValidationError
	if _, err := NewBlend(in, []Model{pop}, []float64{1, 2}); !errors.As(err, &ve) {
		t.Errorf("mismatched weights: %v", err)
	}
	if _, err := TrainALS(ctx, in, &ALSOptions{Factors: -1}); !errors.As(err, &ve) {
		t.Errorf("negative factors: %v", err)
	}
	if _, err := TrainEASE(ctx, in, &EASEOptions{Dropout: 1}); !errors.As(err, &ve) {
		t.Errorf("dropout 1: %v", err)
	}
	if _, err := TrainItemKNN(ctx, nil, nil); !errors.Is(err, ErrEmpty) {
		t.Errorf("nil interactions: %v", err)
	}
}

// The norm-pruned top-N of ALS must return exactly what scoring every item returns.
func TestALSPrunedTopNExact(t *testing.T) {
	in := newTestShop(400, 60, []string{"x", "y", "z"}, 12).interactions(t)
	m, err := TrainALS(ctx, in, &ALSOptions{Factors: 16, Iterations: 4, Alpha: 5, Lambda: 2})
	if err != nil {
		t.Fatal(err)
	}
	dst := make([]float64, in.NumItems())
	for u := 0; u < in.NumUsers(); u += 7 {
		h := in.History(u)
		skip := func(i int) bool { return contains(h.Ind, int32(i)) || i%5 == 0 }
		m.ScoreInto(u, h, dst)
		for _, n := range []int{1, 10, 40} {
			want := topN(dst, n, skip)
			got, vals := m.topCandidates(m.UserVector(u, h), n, skip)
			if !slices.Equal(got, want) {
				t.Fatalf("user %d n=%d: pruned %v, dense %v", u, n, got, want)
			}
			for k, i := range got {
				if vals[k] != dst[i] {
					t.Fatalf("score of %d: %g vs %g", i, vals[k], dst[i])
				}
			}
		}
	}
}
