package forecast

import "math"

// nmBig replaces non-finite objective values inside the simplex search, as in
// R's optim, so an inadmissible vertex is simply a very bad one.
const nmBig = 1.0e35

// nelderMead minimises fn from start following the Nelder-Mead variant of
// Nash's Compact Numerical Methods (the one behind R's optim and
// forecast::ets): initial simplex step 10% of the largest |start| component,
// reflection 1, contraction 0.5, expansion 2, stopping when the spread of
// vertex values falls below reltol·(|f|+reltol) or after maxit evaluations.
// Following it step for step is what lets fitted ETS parameters agree with
// R's. ws must hold at least (n+1)·(n+2)+n floats; it is reused so the search
// allocates nothing. The best point is written to x and its value returned.
func nelderMead(fn func([]float64) float64, start, x []float64, reltol float64, maxit int, ws []float64) (fmin float64, evals int) {
	n := len(start)
	n1 := n + 1
	// P is (n+1) rows by (n+2) columns: column j is vertex j, row n its value,
	// column n+1 the centroid.
	cols := n + 2
	P := ws[:n1*cols]
	b := ws[n1*cols : n1*cols+n]
	at := func(i, j int) *float64 { return &P[i*cols+j] }
	copy(b, start)
	eval := func() float64 {
		evals++
		f := fn(b)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nmBig
		}
		return f
	}
	f := fn(b)
	evals = 1
	if math.IsNaN(f) || math.IsInf(f, 0) {
		copy(x, start)
		return math.Inf(1), evals
	}
	convtol := reltol * (math.Abs(f) + reltol)
	*at(n, 0) = f
	for i := 0; i < n; i++ {
		*at(i, 0) = b[i]
	}
	L := 1
	step := 0.0
	for i := 0; i < n; i++ {
		if 0.1*math.Abs(b[i]) > step {
			step = 0.1 * math.Abs(b[i])
		}
	}
	if step == 0 {
		step = 0.1
	}
	size := 0.0
	for j := 2; j <= n1; j++ {
		for i := 0; i < n; i++ {
			*at(i, j-1) = b[i]
		}
		try := step
		for *at(j-2, j-1) == b[j-2] {
			*at(j-2, j-1) = b[j-2] + try
			try *= 10
		}
		size += try
	}
	oldsize := size
	calcvert := true
	C := n + 2
	for {
		if calcvert {
			for j := 0; j < n1; j++ {
				if j+1 != L {
					for i := 0; i < n; i++ {
						b[i] = *at(i, j)
					}
					*at(n, j) = eval()
				}
			}
			calcvert = false
		}
		VL := *at(n, L-1)
		VH := VL
		H := L
		for j := 1; j <= n1; j++ {
			if j != L {
				v := *at(n, j-1)
				if v < VL {
					L = j
					VL = v
				}
				if v > VH {
					H = j
					VH = v
				}
			}
		}
		if VH <= VL+convtol {
			break
		}
		for i := 0; i < n; i++ {
			t := -*at(i, H-1)
			for j := 0; j < n1; j++ {
				t += *at(i, j)
			}
			*at(i, C-1) = t / float64(n)
		}
		for i := 0; i < n; i++ {
			b[i] = 2*(*at(i, C-1)) - *at(i, H-1)
		}
		VR := eval()
		if VR < VL {
			*at(n, C-1) = VR
			for i := 0; i < n; i++ {
				e := 2*b[i] - *at(i, C-1)
				*at(i, C-1) = b[i]
				b[i] = e
			}
			f = eval()
			if f < VR {
				for i := 0; i < n; i++ {
					*at(i, H-1) = b[i]
				}
				*at(n, H-1) = f
			} else {
				for i := 0; i < n; i++ {
					*at(i, H-1) = *at(i, C-1)
				}
				*at(n, H-1) = VR
			}
		} else {
			if VR < VH {
				for i := 0; i < n; i++ {
					*at(i, H-1) = b[i]
				}
				*at(n, H-1) = VR
			}
			for i := 0; i < n; i++ {
				b[i] = 0.5*(*at(i, H-1)) + 0.5*(*at(i, C-1))
			}
			f = eval()
			if f < *at(n, H-1) {
				for i := 0; i < n; i++ {
					*at(i, H-1) = b[i]
				}
				*at(n, H-1) = f
			} else if VR >= VH {
				calcvert = true
				size = 0
				for j := 0; j < n1; j++ {
					if j+1 != L {
						for i := 0; i < n; i++ {
							*at(i, j) = 0.5*(*at(i, j)-*at(i, L-1)) + *at(i, L-1)
							size += math.Abs(*at(i, j) - *at(i, L-1))
						}
					}
				}
				if size < oldsize {
					oldsize = size
				} else {
					break
				}
			}
		}
		if evals > maxit {
			break
		}
	}
	for i := 0; i < n; i++ {
		x[i] = *at(i, L-1)
	}
	return *at(n, L-1), evals
}

// nmWorkspace is the workspace length nelderMead needs for n parameters.
func nmWorkspace(n int) int { return (n+1)*(n+2) + n }
