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

// spdTile is the tile size of invertSPD: large enough for the gonum kernels to run
// near their peak, small enough to keep both cores busy on a few thousand items.
const spdTile = 96

// invertSPD replaces the symmetric positive definite n × n row-major matrix a by its
// inverse, in three tiled stages that each spread independent tiles over all cores:
// the Cholesky factorisation A = L·Lᵀ, the triangular inverse W = L⁻¹, and the
// product A⁻¹ = Wᵀ·W. gonum's own Cholesky inverse runs mostly on one core; the
// flops are the same (n³ in all).
func invertSPD(ctx context.Context, a []float64, n int) error {
	nt := (n + spdTile - 1) / spdTile
	lo := func(t int) int { return t * spdTile }
	size := func(t int) int { return min(spdTile, n-t*spdTile) }
	tile := func(i, j int) blas64.General {
		return blas64.General{Rows: size(i), Cols: size(j), Stride: n, Data: a[lo(i)*n+lo(j):]}
	}
	tri := func(t int) blas64.Triangular {
		return blas64.Triangular{Uplo: blas.Lower, Diag: blas.NonUnit, N: size(t), Stride: n, Data: a[lo(t)*n+lo(t):]}
	}
	// 1. Cholesky, right-looking by tile columns: factor the diagonal tile, solve the
	// tiles below it, then update the trailing lower triangle tile by tile.
	for k := 0; k < nt; k++ {
		d := blas64.Symmetric{Uplo: blas.Lower, N: size(k), Stride: n, Data: a[lo(k)*n+lo(k):]}
		if _, ok := lapack64.Potrf(d); !ok {
			return errNotPD
		}
		if err := parallelFor(ctx, nt-k-1, func(_, p int) {
			i := k + 1 + p
			// A_ik ← A_ik · L_kk⁻ᵀ
			blas64.Trsm(blas.Right, blas.Trans, 1, tri(k), tile(i, k))
		}); err != nil {
			return err
		}
		var pairs [][2]int
		for i := k + 1; i < nt; i++ {
			for j := k + 1; j <= i; j++ {
				pairs = append(pairs, [2]int{i, j})
			}
		}
		if err := parallelFor(ctx, len(pairs), func(_, p int) {
			i, j := pairs[p][0], pairs[p][1]
			// A_ij −= A_ik · A_jkᵀ (full tiles; the diagonal tiles' upper halves are
			// scratch that stage 3 overwrites)
			blas64.Gemm(blas.NoTrans, blas.Trans, -1, tile(i, k), tile(j, k), 1, tile(i, j))
		}); err != nil {
			return err
		}
	}
	// 2. W = L⁻¹ in place: diagonal tiles first, then each tile column on its own
	// (W_ij = −W_ii · Σ_{j≤k<i} L_ik·W_kj depends only on tiles of column j above it).
	// L_ik for k > j is still needed, so column j writes W_ij into a side buffer and
	// copies it back once the column is done.
	if err := parallelFor(ctx, nt, func(_, t int) {
		// clear the upper half of the diagonal tile so Trtri's input is lower only
		for r := 0; r < size(t); r++ {
			row := a[(lo(t)+r)*n+lo(t):]
			clear(row[r+1 : size(t)])
		}
	}); err != nil {
		return err
	}
	winv := make([][]float64, nt) // inverse diagonal tiles, size×size row-major
	if err := parallelFor(ctx, nt, func(_, t int) {
		s := size(t)
		w := make([]float64, s*s)
		for r := 0; r < s; r++ {
			copy(w[r*s:r*s+r+1], a[(lo(t)+r)*n+lo(t):(lo(t)+r)*n+lo(t)+r+1])
		}
		lapack64.Trtri(blas64.Triangular{Uplo: blas.Lower, Diag: blas.NonUnit, N: s, Stride: s, Data: w})
		winv[t] = w
	}); err != nil {
		return err
	}
	wcol := make([][]float64, nt) // W tiles of each column below the diagonal, stacked
	if err := parallelFor(ctx, nt, func(_, j int) {
		rows := n - lo(j) - size(j)
		col := make([]float64, rows*spdTile)
		wt := func(i int) blas64.General { // W_ij inside col, i > j
			return blas64.General{Rows: size(i), Cols: size(j), Stride: spdTile, Data: col[(lo(i)-lo(j)-size(j))*spdTile:]}
		}
		wjj := blas64.General{Rows: size(j), Cols: size(j), Stride: size(j), Data: winv[j]}
		acc := blas64.General{Rows: spdTile, Cols: size(j), Stride: spdTile, Data: make([]float64, spdTile*spdTile)}
		for i := j + 1; i < nt; i++ {
			s := blas64.General{Rows: size(i), Cols: size(j), Stride: spdTile, Data: acc.Data}
			// s = L_ij·W_jj + Σ_{j<k<i} L_ik·W_kj
			blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, tile(i, j), wjj, 0, s)
			for k := j + 1; k < i; k++ {
				blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, tile(i, k), wt(k), 1, s)
			}
			wii := blas64.General{Rows: size(i), Cols: size(i), Stride: size(i), Data: winv[i]}
			blas64.Gemm(blas.NoTrans, blas.NoTrans, -1, wii, s, 0, wt(i))
		}
		wcol[j] = col
	}); err != nil {
		return err
	}
	// Build W in a separate array: stage 3 reads W while writing A⁻¹ into a.
	w := make([]float64, n*n)
	for j := 0; j < nt; j++ {
		s := size(j)
		for r := 0; r < s; r++ {
			copy(w[(lo(j)+r)*n+lo(j):(lo(j)+r)*n+lo(j)+s], winv[j][r*s:(r+1)*s])
		}
		for i := j + 1; i < nt; i++ {
			for r := 0; r < size(i); r++ {
				src := wcol[j][(lo(i)-lo(j)-s+r)*spdTile:]
				copy(w[(lo(i)+r)*n+lo(j):(lo(i)+r)*n+lo(j)+s], src[:s])
			}
		}
	}
	wtile := func(i, j int) blas64.General {
		return blas64.General{Rows: size(i), Cols: size(j), Stride: n, Data: w[lo(i)*n+lo(j):]}
	}
	// 3. A⁻¹ = Wᵀ·W: tile (i, j), i ≥ j, is Σ_{k≥i} W_kiᵀ·W_kj; mirror to the upper half.
	var pairs [][2]int
	for i := 0; i < nt; i++ {
		for j := 0; j <= i; j++ {
			pairs = append(pairs, [2]int{i, j})
		}
	}
	if err := parallelFor(ctx, len(pairs), func(_, p int) {
		i, j := pairs[p][0], pairs[p][1]
		c := tile(i, j)
		for k := i; k < nt; k++ {
			beta := 1.0
			if k == i {
				beta = 0
			}
			blas64.Gemm(blas.Trans, blas.NoTrans, 1, wtile(k, i), wtile(k, j), beta, c)
		}
	}); err != nil {
		return err
	}
	for r := 0; r < n; r++ {
		for c := r + 1; c < n; c++ {
			a[r*n+c] = a[c*n+r]
		}
	}
	return nil
}
