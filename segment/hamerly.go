package segment

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
)

// kmRun is one seeded run of k-means with Hamerly's bounds.
type kmRun struct {
	x       []float64 // n×d, row-major
	n, d, k int
	workers int

	centers []float64 // k×d
	labels  []int32
	upper   []float64 // upper bound on the distance to the assigned centre
	lower   []float64 // lower bound on the distance to every other centre
	half    []float64 // half the distance from each centre to its nearest other centre
	sums    []float64 // k×d running sums of each cluster's points
	counts  []int

	inertia   float64
	iters     int
	converged bool
}

func (r *kmRun) row(i int) []float64 { return r.x[i*r.d : (i+1)*r.d] }

func (r *kmRun) center(j int) []float64 { return r.centers[j*r.d : (j+1)*r.d] }

func (r *kmRun) fit(ctx context.Context, rng *rand.Rand, candidates, maxIter int) error {
	if err := r.seed(rng, candidates); err != nil {
		return err
	}
	r.labels = make([]int32, r.n)
	r.upper = make([]float64, r.n)
	r.lower = make([]float64, r.n)
	r.half = make([]float64, r.k)
	r.sums = make([]float64, r.k*r.d)
	r.counts = make([]int, r.k)
	r.assignAll()
	r.recomputeSums()
	moved := make([]float64, r.k)
	for r.iters = 1; r.iters <= maxIter; r.iters++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		if r.moveCenters(moved) {
			// An emptied cluster took a far point: rebuild from scratch.
			r.assignAll()
			r.recomputeSums()
			continue
		}
		r.halfGaps()
		if r.boundedPass(moved) == 0 {
			r.converged = true
			break
		}
	}
	r.iters = min(r.iters, maxIter)
	// The running sums drift by rounding; finish on exact means.
	r.recomputeSums()
	r.moveCenters(moved)
	r.inertia = r.computeInertia()
	return nil
}

// seed chooses k centres by greedy k-means++. Each point remembers its
// nearest chosen centre c, so a candidate z can be skipped for it when
// ‖c − z‖² ≥ 4·d²(x, c): then z is no closer than c (triangle inequality).
func (r *kmRun) seed(rng *rand.Rand, candidates int) error {
	n, d, k := r.n, r.d, r.k
	r.centers = make([]float64, k*d)
	first := rng.IntN(n)
	copy(r.center(0), r.row(first))
	d2 := make([]float64, n)
	near := make([]int32, n)
	cc := make([]float64, candidates*k)
	chunks := numChunks(n)
	part := make([]float64, chunks)
	forChunks(n, r.workers, func(c, lo, hi int) {
		s := 0.0
		c0 := r.center(0)
		for i := lo; i < hi; i++ {
			d2[i] = sqDist(r.row(i), c0)
			s += d2[i]
		}
		part[c] = s
	})
	pot := sumOrdered(part)
	cum := make([]float64, n)
	cand := make([]int, candidates)
	candPart := make([]float64, chunks*candidates)
	candPot := make([]float64, candidates)
	for j := 1; j < k; j++ {
		if pot <= 0 {
			return ErrTooFewPoints
		}
		acc := 0.0
		for i, v := range d2 {
			acc += v
			cum[i] = acc
		}
		for c := range cand {
			u := rng.Float64() * acc
			i, _ := slices.BinarySearch(cum, u)
			// Skip zero-weight points (already centres) that a boundary
			// draw could land on.
			for i < n-1 && d2[i] == 0 {
				i++
			}
			cand[c] = min(i, n-1)
		}
		for t, ci := range cand {
			for jj := range j {
				cc[t*k+jj] = sqDist(r.row(ci), r.center(jj))
			}
		}
		forChunks(n, r.workers, func(c, lo, hi int) {
			for t, ci := range cand {
				cp := r.row(ci)
				gap := cc[t*k : (t+1)*k]
				s := 0.0
				for i := lo; i < hi; i++ {
					di := d2[i]
					if gap[near[i]] >= 4*di {
						s += di
						continue
					}
					s += min(di, sqDist(r.row(i), cp))
				}
				candPart[c*candidates+t] = s
			}
		})
		for t := range cand {
			s := 0.0
			for c := range chunks {
				s += candPart[c*candidates+t]
			}
			candPot[t] = s
		}
		best := 0
		for t := range cand {
			if candPot[t] < candPot[best] {
				best = t
			}
		}
		cp := r.row(cand[best])
		copy(r.center(j), cp)
		gap := cc[best*k : (best+1)*k]
		forChunks(n, r.workers, func(c, lo, hi int) {
			s := 0.0
			for i := lo; i < hi; i++ {
				if gap[near[i]] < 4*d2[i] {
					if dd := sqDist(r.row(i), cp); dd < d2[i] {
						d2[i], near[i] = dd, int32(j)
					}
				}
				s += d2[i]
			}
			part[c] = s
		})
		pot = sumOrdered(part)
	}
	return nil
}

func sumOrdered(p []float64) float64 {
	s := 0.0
	for _, v := range p {
		s += v
	}
	return s
}

// nearestTwo returns the nearest centre to p with its distance and the
// distance to the second nearest.
func (r *kmRun) nearestTwo(p []float64) (int32, float64, float64) {
	b, d1, d2 := int32(0), math.Inf(1), math.Inf(1)
	for j := range r.k {
		dd := sqDist(p, r.center(j))
		if dd < d1 {
			b, d1, d2 = int32(j), dd, d1
		} else if dd < d2 {
			d2 = dd
		}
	}
	return b, math.Sqrt(d1), math.Sqrt(d2)
}

func (r *kmRun) assignAll() {
	forChunks(r.n, r.workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			r.labels[i], r.upper[i], r.lower[i] = r.nearestTwo(r.row(i))
		}
	})
}

// recomputeSums rebuilds the per-cluster sums and counts from the labels,
// adding block by block in order so the result does not depend on the
// number of workers.
func (r *kmRun) recomputeSums() {
	n, d, k := r.n, r.d, r.k
	chunks := numChunks(n)
	sums := make([]float64, chunks*k*d)
	counts := make([]int, chunks*k)
	forChunks(n, r.workers, func(c, lo, hi int) {
		s := sums[c*k*d : (c+1)*k*d]
		cnt := counts[c*k : (c+1)*k]
		for i := lo; i < hi; i++ {
			a := int(r.labels[i])
			cnt[a]++
			dst := s[a*d : (a+1)*d]
			for t, v := range r.row(i) {
				dst[t] += v
			}
		}
	})
	clear(r.sums)
	clear(r.counts)
	for c := range chunks {
		for t := range r.sums {
			r.sums[t] += sums[c*k*d+t]
		}
		for j := range k {
			r.counts[j] += counts[c*k+j]
		}
	}
}

// moveCenters sets each centre to the mean of its points and records how
// far each moved. An emptied cluster takes the point farthest from its
// centre; it then reports true and the bounds must be rebuilt.
func (r *kmRun) moveCenters(moved []float64) bool {
	d := r.d
	relocated := false
	for j := range r.k {
		cj := r.center(j)
		if r.counts[j] == 0 {
			far := r.farthestPoint()
			copy(cj, r.row(far))
			r.labels[far] = int32(j)
			relocated = true
			continue
		}
		inv := 1 / float64(r.counts[j])
		shift := 0.0
		for t := range d {
			v := r.sums[j*d+t] * inv
			diff := v - cj[t]
			shift += diff * diff
			cj[t] = v
		}
		moved[j] = math.Sqrt(shift)
	}
	return relocated
}

// boundedPass loosens every point's bounds by the centres' moves (the
// distance to the own centre can grow by its move, to any other by the
// largest move of another centre), reassigns the points whose bounds no
// longer prove their assignment, and updates the cluster sums for the
// points that changed. It returns the number of changes.
func (r *kmRun) boundedPass(moved []float64) int {
	r1, p1, p2 := 0, -1.0, -1.0
	for j, p := range moved {
		if p > p1 {
			r1, p1, p2 = j, p, p1
		} else if p > p2 {
			p2 = p
		}
	}
	p2 = max(p2, 0)
	chunks := numChunks(r.n)
	changes := make([][]int32, chunks)
	from := make([][]int32, chunks)
	forChunks(r.n, r.workers, func(c, lo, hi int) {
		var ch, fr []int32
		for i := lo; i < hi; i++ {
			a := r.labels[i]
			r.upper[i] += moved[a]
			if int(a) == r1 {
				r.lower[i] -= p2
			} else {
				r.lower[i] -= p1
			}
			m := max(r.half[a], r.lower[i])
			if r.upper[i] <= m {
				continue
			}
			p := r.row(i)
			r.upper[i] = math.Sqrt(sqDist(p, r.center(int(a))))
			if r.upper[i] <= m {
				continue
			}
			b, d1, d2 := r.nearestTwo(p)
			r.labels[i], r.upper[i], r.lower[i] = b, d1, d2
			if b != a {
				ch = append(ch, int32(i))
				fr = append(fr, a)
			}
		}
		changes[c], from[c] = ch, fr
	})
	total := 0
	d := r.d
	for c := range chunks {
		for t, i := range changes[c] {
			a, b := int(from[c][t]), int(r.labels[i])
			r.counts[a]--
			r.counts[b]++
			for u, v := range r.row(int(i)) {
				r.sums[a*d+u] -= v
				r.sums[b*d+u] += v
			}
		}
		total += len(changes[c])
	}
	return total
}

func (r *kmRun) farthestPoint() int {
	far, fd := 0, -1.0
	for i := range r.n {
		if dd := sqDist(r.row(i), r.center(int(r.labels[i]))); dd > fd {
			far, fd = i, dd
		}
	}
	return far
}

func (r *kmRun) halfGaps() {
	for j := range r.k {
		m := math.Inf(1)
		for t := range r.k {
			if t != j {
				m = min(m, sqDist(r.center(j), r.center(t)))
			}
		}
		r.half[j] = 0.5 * math.Sqrt(m)
	}
}

func (r *kmRun) computeInertia() float64 {
	part := make([]float64, numChunks(r.n))
	forChunks(r.n, r.workers, func(c, lo, hi int) {
		s := 0.0
		for i := lo; i < hi; i++ {
			s += sqDist(r.row(i), r.center(int(r.labels[i])))
		}
		part[c] = s
	})
	return sumOrdered(part)
}
