package recommend

import (
	"context"
	"errors"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// errNotPD reports a matrix that is not positive definite.
var errNotPD = errors.New("matrix not positive definite")

// spdTile is the tile size of invertSPD: large enough for the packed products (gemm)
// to run near their peak, small enough to keep both cores busy on a few thousand items.
const spdTile = 128

// invertSPD replaces the symmetric positive definite n × n row-major matrix a by its
// inverse, in three tiled stages that each spread independent tiles over all cores:
// the Cholesky factorisation A = L·Lᵀ, the triangular inverse W = L⁻¹, and the
// product A⁻¹ = Wᵀ·W (symmetric: only the lower tiles are computed, then mirrored).
// Nearly all of the n³ flops go through gemm; gonum factors and inverts only the
// small diagonal tiles.
func invertSPD(ctx context.Context, a []float64, n int) error {
	nt := (n + spdTile - 1) / spdTile
	lo := func(t int) int { return t * spdTile }
	size := func(t int) int { return min(spdTile, n-t*spdTile) }
	at := func(m []float64, i, j int) []float64 { return m[lo(i)*n+lo(j):] }
	view := func(m []float64, i, j int, trans bool) dense {
		return dense{data: at(m, i, j), stride: n, trans: trans}
	}
	scratch := make([]gemmScratch, numWorkers())
	// linv[t] is L_tt⁻¹, size × size row-major with zeros above the diagonal: the
	// panel solve's multiplier and the diagonal tile of W. linvA[t] is it packed as a
	// left operand.
	linv := make([][]float64, nt)
	linvA := make([][]float64, nt)
	// Every tile takes part in many products, so each is packed once per role:
	// negL[i·nt+k] is −L_ik as a left operand, for the trailing updates and stage 2.
	negL := make([][]float64, nt*nt)

	// 1. Cholesky, right-looking by tile columns: factor the diagonal tile, turn the
	// tiles below it into L_ik = A_ik·L_kk⁻ᵀ, then update the trailing lower triangle.
	lt := make([][]float64, nt) // L_ikᵀ as a right operand, for the current k
	for k := 0; k < nt; k++ {
		s := size(k)
		d := blas64.Symmetric{Uplo: blas.Lower, N: s, Stride: n, Data: at(a, k, k)}
		if _, ok := lapack64.Potrf(d); !ok {
			return errNotPD
		}
		inv := make([]float64, s*s)
		for r := 0; r < s; r++ {
			copy(inv[r*s:r*s+r+1], at(a, k, k)[r*n:r*n+r+1])
		}
		if ok := lapack64.Trtri(blas64.Triangular{Uplo: blas.Lower, Diag: blas.NonUnit, N: s, Stride: s, Data: inv}); !ok {
			return errNotPD
		}
		linv[k] = inv
		linvA[k] = packA(s, s, 1, dense{data: inv, stride: s}, nil)
		invT := packB(s, s, dense{data: inv, stride: s, trans: true}, nil)
		if err := parallelForChunk(ctx, nt-k-1, 1, func(w, p int) {
			i := k + 1 + p
			si := size(i)
			sc := &scratch[w]
			sc.tile = grow(sc.tile, si*s)
			buf := sc.tile
			clear(buf)
			sc.a = packA(si, s, 1, view(a, i, k, false), sc.a)
			gemmPacked(si, s, s, sc.a, invT, buf, s, &sc.edge)
			for r := 0; r < si; r++ {
				copy(at(a, i, k)[r*n:r*n+s], buf[r*s:(r+1)*s])
			}
			negL[i*nt+k] = packA(si, s, -1, view(a, i, k, false), nil)
			lt[i] = packB(s, si, view(a, i, k, true), lt[i])
		}); err != nil {
			return err
		}
		var pairs [][2]int
		for i := k + 1; i < nt; i++ {
			for j := k + 1; j <= i; j++ {
				pairs = append(pairs, [2]int{i, j})
			}
		}
		if err := parallelForChunk(ctx, len(pairs), 1, func(w, p int) {
			i, j := pairs[p][0], pairs[p][1]
			// A_ij −= L_ik·L_jkᵀ (whole tiles: a diagonal tile's upper half is never read)
			gemmPacked(size(i), size(j), s, negL[i*nt+k], lt[j], at(a, i, j), n, &scratch[w].edge)
		}); err != nil {
			return err
		}
	}

	// 2. W = L⁻¹, one tile column per task: W_jj = L_jj⁻¹ and, going down,
	// W_ij = W_ii·(Σ_{j≤k<i} −L_ik·W_kj), which needs only tiles of column j above.
	// W is kept only packed: packed[i·nt+j] is W_ij as a right operand, here and in
	// stage 3.
	packed := make([][]float64, nt*nt)
	if err := parallelForChunk(ctx, nt, 1, func(w, j int) {
		sj := size(j)
		sc := &scratch[w]
		packed[j*nt+j] = packB(sj, sj, dense{data: linv[j], stride: sj}, nil)
		sum := make([]float64, spdTile*sj)
		for i := j + 1; i < nt; i++ {
			si := size(i)
			clear(sum)
			for k := j; k < i; k++ {
				gemmPacked(si, sj, size(k), negL[i*nt+k], packed[k*nt+j], sum, sj, &sc.edge)
			}
			sc.b = packB(si, sj, dense{data: sum, stride: sj}, sc.b)
			sc.tile = grow(sc.tile, si*sj)
			clear(sc.tile)
			gemmPacked(si, sj, si, linvA[i], sc.b, sc.tile, sj, &sc.edge)
			packed[i*nt+j] = packB(si, sj, dense{data: sc.tile, stride: sj}, nil)
		}
	}); err != nil {
		return err
	}

	// 3. A⁻¹ = Wᵀ·W: tile (i, j), i ≥ j, is Σ_{k≥i} W_kiᵀ·W_kj (W is lower triangular),
	// written to the lower tile and mirrored to the upper one. Each W tile is also
	// needed transposed as a left operand: packedT[k·nt+i] = W_kiᵀ, repacked from
	// packed into the buffer of −L_ki, which is no longer needed.
	var lower [][2]int
	for k := 0; k < nt; k++ {
		for i := 0; i <= k; i++ {
			lower = append(lower, [2]int{k, i})
		}
	}
	packedT := make([][]float64, nt*nt)
	if err := parallelForChunk(ctx, len(lower), 1, func(_, p int) {
		k, i := lower[p][0], lower[p][1]
		packedT[k*nt+i] = packTransposed(size(k), size(i), packed[k*nt+i], negL[k*nt+i])
	}); err != nil {
		return err
	}
	var pairs [][2]int
	for i := 0; i < nt; i++ {
		for j := 0; j <= i; j++ {
			pairs = append(pairs, [2]int{i, j})
		}
	}
	return parallelForChunk(ctx, len(pairs), 1, func(w, p int) {
		i, j := pairs[p][0], pairs[p][1]
		si, sj := size(i), size(j)
		c := at(a, i, j)
		for r := 0; r < si; r++ {
			clear(c[r*n : r*n+sj])
		}
		for k := i; k < nt; k++ {
			gemmPacked(si, sj, size(k), packedT[k*nt+i], packed[k*nt+j], c, n, &scratch[w].edge)
		}
		if i == j {
			return // the products make a diagonal tile exactly symmetric already
		}
		up := at(a, j, i)
		for r := 0; r < si; r++ {
			for q := 0; q < sj; q++ {
				up[q*n+r] = c[r*n+q]
			}
		}
	})
}
