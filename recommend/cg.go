package recommend

import "math"

// cgScratch is the per-worker workspace of cgSolve.
type cgScratch struct {
	r, p, ap, b []float64
}

func newCGScratch(k int) *cgScratch {
	return &cgScratch{r: make([]float64, k), p: make([]float64, k), ap: make([]float64, k), b: make([]float64, k)}
}

// implicitSystem is the normal-equation system of one row of implicit ALS (Hu, Koren &
// Volinsky 2008, eq. 4): A = G + Σ_i (c_i − 1)·y_i y_iᵀ, b = Σ_i c_i·y_i, with
// G = YᵀY + λI and c_i = 1 + α·r_i, where i runs over the row's observed entries.
// A is never formed: A·v costs O(k² + n_i·k).
type implicitSystem struct {
	gram  []float64 // k × k, row-major: YᵀY
	reg   float64   // this row's λ, added to the diagonal
	y     []float64 // rows of the other side's factors, k per row
	k     int
	ind   []int32
	conf  []float64 // c_i − 1 = α·r_i per observed entry
	alpha float64
}

func (s *implicitSystem) mul(v, dst []float64) {
	k := s.k
	for a := 0; a < k; a++ {
		g := s.gram[a*k : a*k+k]
		var t float64
		for c, gv := range g {
			t += gv * v[c]
		}
		dst[a] = t + s.reg*v[a]
	}
	for n, i := range s.ind {
		y := s.y[int(i)*k : int(i)*k+k]
		d := dot(y, v) * s.conf[n]
		axpy(d, y, dst)
	}
}

func (s *implicitSystem) rhs(dst []float64) {
	clear(dst)
	k := s.k
	for n, i := range s.ind {
		axpy(1+s.conf[n], s.y[int(i)*k:int(i)*k+k], dst)
	}
}

// cgSolve improves x towards the solution of the system with steps iterations of the
// conjugate-gradient method, warm-started from x (Takács, Pilászy & Tikk 2011: a few
// steps per ALS sweep suffice because x starts near its previous optimum).
func cgSolve(s *implicitSystem, x []float64, steps int, w *cgScratch) {
	s.rhs(w.b)
	s.mul(x, w.ap)
	for a := range x {
		w.r[a] = w.b[a] - w.ap[a]
	}
	copy(w.p, w.r)
	rs := dot(w.r, w.r)
	for it := 0; it < steps && rs > 1e-20; it++ {
		s.mul(w.p, w.ap)
		pap := dot(w.p, w.ap)
		if pap <= 0 {
			return
		}
		a := rs / pap
		axpy(a, w.p, x)
		axpy(-a, w.ap, w.r)
		rsNew := dot(w.r, w.r)
		beta := rsNew / rs
		for c := range w.p {
			w.p[c] = w.r[c] + beta*w.p[c]
		}
		rs = rsNew
	}
}

func dot(a, b []float64) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return s0 + s1 + s2 + s3
}

func axpy(alpha float64, x, y []float64) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] += alpha * v
	}
}

// cholSolve solves A·x = b in place for the symmetric positive definite k × k
// row-major a (overwritten by its Cholesky factor) and b (overwritten by x). It
// reports false if a is not positive definite. For the small systems of a fold-in
// this is several times faster than a general factorisation that also estimates
// the condition number.
func cholSolve(a []float64, k int, b []float64) bool {
	for j := 0; j < k; j++ {
		rj := a[j*k : j*k+j]
		d := a[j*k+j] - dot(rj, rj)
		if d <= 0 || math.IsNaN(d) {
			return false
		}
		d = math.Sqrt(d)
		a[j*k+j] = d
		for i := j + 1; i < k; i++ {
			a[i*k+j] = (a[i*k+j] - dot(a[i*k:i*k+j], rj)) / d
		}
	}
	for i := 0; i < k; i++ { // L·z = b
		b[i] = (b[i] - dot(a[i*k:i*k+i], b[:i])) / a[i*k+i]
	}
	for i := k - 1; i >= 0; i-- { // Lᵀ·x = z
		s := b[i]
		for r := i + 1; r < k; r++ {
			s -= a[r*k+i] * b[r]
		}
		b[i] = s / a[i*k+i]
	}
	return true
}
