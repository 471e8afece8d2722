package recommend

// The dense kernels behind EASE's matrix inverse: a packed matrix product on
// row-major float64 slices. Operands are packed into panels of gemmMR rows of A and
// gemmNR columns of B, laid out so that the micro-kernel reads both with unit stride;
// the micro-kernel keeps a gemmMR × gemmNR block of C in registers across the whole
// inner dimension. On amd64 with AVX2 and FMA it is written in assembly
// (gemm_amd64.s), in an AVX-512 and an AVX2 version; elsewhere microKernelGo does the
// same arithmetic in plain Go.

const (
	gemmMR = 4 // rows of C per micro-kernel call
	gemmNR = 8 // columns of C per micro-kernel call
)

// microKernel adds A·B to the gemmMR × gemmNR block of C at c[0] (row stride ldc),
// with A packed k × gemmMR (a[gemmMR·p+i]) and B packed k × gemmNR (b[gemmNR·p+j]).
var microKernel = microKernelGo

// asmKernels are the assembly micro-kernels this CPU can run, by instruction set; the
// fastest of them becomes microKernel. Tests run each.
var asmKernels = map[string]func(k int, a, b, c []float64, ldc int){}

func microKernelGo(k int, a, b, c []float64, ldc int) {
	a, b = a[:gemmMR*k], b[:gemmNR*k]
	// Two columns at a time keeps the eight accumulators in registers.
	for j := 0; j < gemmNR; j += 2 {
		var c00, c01, c10, c11, c20, c21, c30, c31 float64
		for p := 0; p < k; p++ {
			ap := a[gemmMR*p : gemmMR*p+4 : gemmMR*p+4]
			b0, b1 := b[gemmNR*p+j], b[gemmNR*p+j+1]
			c00 += ap[0] * b0
			c01 += ap[0] * b1
			c10 += ap[1] * b0
			c11 += ap[1] * b1
			c20 += ap[2] * b0
			c21 += ap[2] * b1
			c30 += ap[3] * b0
			c31 += ap[3] * b1
		}
		c[j] += c00
		c[j+1] += c01
		c[ldc+j] += c10
		c[ldc+j+1] += c11
		c[2*ldc+j] += c20
		c[2*ldc+j+1] += c21
		c[3*ldc+j] += c30
		c[3*ldc+j+1] += c31
	}
}

// dense is a row-major view of a matrix: element (i, j) is data[i·stride+j], or
// data[j·stride+i] when trans is set (the view is then the transpose of what is stored).
type dense struct {
	data   []float64
	stride int
	trans  bool
}

func (d dense) at(i, j int) float64 {
	if d.trans {
		return d.data[j*d.stride+i]
	}
	return d.data[i*d.stride+j]
}

// gemmScratch holds one goroutine's packing buffers; reuse it across calls.
type gemmScratch struct {
	a, b, tile []float64
	edge       [gemmMR * gemmNR]float64
}

// gemm computes C += alpha·A·B for the m × k view A, the k × n view B and the
// m × n row-major block C starting at c[0] with row stride ldc. Sizes are meant to be
// tile-sized (a few hundred at most): the packed operands are held whole.
func gemm(m, n, k int, alpha float64, a, b dense, c []float64, ldc int, s *gemmScratch) {
	if m == 0 || n == 0 || k == 0 {
		return
	}
	s.a = packA(m, k, alpha, a, s.a)
	s.b = packB(k, n, b, s.b)
	gemmPacked(m, n, k, s.a, s.b, c, ldc, &s.edge)
}

// packA packs alpha·A, for the m × k view A, into dst (grown as needed) as
// ⌈m/gemmMR⌉ panels of k × gemmMR, zero-padded past row m, and returns it.
func packA(m, k int, alpha float64, a dense, dst []float64) []float64 {
	mp := (m + gemmMR - 1) / gemmMR
	dst = grow(dst, mp*gemmMR*k)
	for ip := 0; ip < mp; ip++ {
		panel := dst[ip*gemmMR*k : (ip+1)*gemmMR*k]
		if i0 := ip * gemmMR; a.trans && i0+gemmMR <= m {
			// the panel's rows are stored side by side: copy gemmMR at a time
			for p := 0; p < k; p++ {
				src := a.data[p*a.stride+i0 : p*a.stride+i0+gemmMR]
				d := panel[gemmMR*p : gemmMR*p+gemmMR]
				d[0], d[1], d[2], d[3] = alpha*src[0], alpha*src[1], alpha*src[2], alpha*src[3]
			}
			continue
		}
		for r := 0; r < gemmMR; r++ {
			i := ip*gemmMR + r
			if i >= m {
				for p := 0; p < k; p++ {
					panel[gemmMR*p+r] = 0
				}
				continue
			}
			if a.trans {
				for p := 0; p < k; p++ {
					panel[gemmMR*p+r] = alpha * a.data[p*a.stride+i]
				}
			} else {
				row := a.data[i*a.stride : i*a.stride+k]
				for p, v := range row {
					panel[gemmMR*p+r] = alpha * v
				}
			}
		}
	}
	return dst
}

// packB packs the k × n view B into dst (grown as needed) as ⌈n/gemmNR⌉ panels of
// k × gemmNR, zero-padded past column n, and returns it.
func packB(k, n int, b dense, dst []float64) []float64 {
	np := (n + gemmNR - 1) / gemmNR
	dst = grow(dst, np*gemmNR*k)
	for jp := 0; jp < np; jp++ {
		panel := dst[jp*gemmNR*k : (jp+1)*gemmNR*k]
		j0 := jp * gemmNR
		w := min(gemmNR, n-j0)
		if b.trans {
			for q := 0; q < gemmNR; q++ {
				if q >= w {
					for p := 0; p < k; p++ {
						panel[gemmNR*p+q] = 0
					}
					continue
				}
				col := b.data[(j0+q)*b.stride : (j0+q)*b.stride+k]
				for p, v := range col {
					panel[gemmNR*p+q] = v
				}
			}
		} else {
			for p := 0; p < k; p++ {
				d := panel[gemmNR*p : gemmNR*p+gemmNR]
				copy(d, b.data[p*b.stride+j0:p*b.stride+j0+w])
				clear(d[w:])
			}
		}
	}
	return dst
}

// packTransposed returns Bᵀ packed as a left operand (as packA would pack it), for
// the rows × cols matrix B held packed as a right operand in bp, reusing dst's
// storage when it is large enough. Both layouts keep a row of B's panel contiguous,
// so this moves gemmMR values at a time.
func packTransposed(rows, cols int, bp, dst []float64) []float64 {
	mp := (cols + gemmMR - 1) / gemmMR
	dst = grow(dst, mp*gemmMR*rows)
	for ip := 0; ip < mp; ip++ {
		c0 := ip * gemmMR
		src := bp[(c0/gemmNR)*gemmNR*rows+c0%gemmNR:]
		panel := dst[ip*gemmMR*rows : (ip+1)*gemmMR*rows]
		for p := 0; p < rows; p++ {
			copy(panel[gemmMR*p:gemmMR*p+gemmMR], src[gemmNR*p:gemmNR*p+gemmMR])
		}
	}
	return dst
}

// gemmPacked computes C += A·B from operands packed by packA and packB; edge is
// scratch for the blocks on C's lower and right borders.
func gemmPacked(m, n, k int, ap, bp []float64, c []float64, ldc int, edge *[gemmMR * gemmNR]float64) {
	mp := (m + gemmMR - 1) / gemmMR
	np := (n + gemmNR - 1) / gemmNR
	for jp := 0; jp < np; jp++ {
		bpan := bp[jp*gemmNR*k : (jp+1)*gemmNR*k]
		j0 := jp * gemmNR
		w := min(gemmNR, n-j0)
		for ip := 0; ip < mp; ip++ {
			apan := ap[ip*gemmMR*k : (ip+1)*gemmMR*k]
			i0 := ip * gemmMR
			h := min(gemmMR, m-i0)
			if h == gemmMR && w == gemmNR {
				microKernel(k, apan, bpan, c[i0*ldc+j0:], ldc)
				continue
			}
			clear(edge[:])
			microKernel(k, apan, bpan, edge[:], gemmNR)
			for r := 0; r < h; r++ {
				dst := c[(i0+r)*ldc+j0 : (i0+r)*ldc+j0+w]
				for q := range dst {
					dst[q] += edge[r*gemmNR+q]
				}
			}
		}
	}
}

func grow(buf []float64, n int) []float64 {
	if cap(buf) < n {
		return make([]float64, n)
	}
	return buf[:n]
}
