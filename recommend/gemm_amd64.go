package recommend

// kern4x8FMA adds the product of a packed 4 × k panel of A and a packed k × 8 panel of
// B to the 4 × 8 block of C at c (row stride ldc); k ≥ 1. Implemented with AVX2 and
// FMA in gemm_amd64.s.
//
//go:noescape
func kern4x8FMA(k int, a, b, c *float64, ldc int)

// kern4x8AVX512 is kern4x8FMA for CPUs with AVX-512F.
//
//go:noescape
func kern4x8AVX512(k int, a, b, c *float64, ldc int)

//go:noescape
func cpuid(leaf, sub uint32) (eax, ebx, ecx, edx uint32)

func xgetbv0() (eax, edx uint32)

// hasAVX2FMA reports whether the CPU has AVX2 and FMA and the operating system saves
// the YMM registers (CPUID.1:ECX.OSXSAVE, XCR0 bits 1–2).
func hasAVX2FMA() bool {
	maxLeaf, _, _, _ := cpuid(0, 0)
	if maxLeaf < 7 {
		return false
	}
	_, _, ecx1, _ := cpuid(1, 0)
	const fma, osxsave, avx = 1 << 12, 1 << 27, 1 << 28
	if ecx1&(fma|osxsave|avx) != fma|osxsave|avx {
		return false
	}
	if xcr0, _ := xgetbv0(); xcr0&6 != 6 {
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	return ebx7&(1<<5) != 0
}

// hasAVX512 reports whether the CPU has AVX-512F and the operating system saves the
// opmask and 512-bit register state (XCR0 bits 5–7 besides 1–2).
func hasAVX512() bool {
	if !hasAVX2FMA() {
		return false
	}
	if xcr0, _ := xgetbv0(); xcr0&0xe6 != 0xe6 {
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	return ebx7&(1<<16) != 0
}

func init() {
	if hasAVX2FMA() {
		asmKernels["avx2"] = func(k int, a, b, c []float64, ldc int) {
			// the assembly does no bounds checks: make Go do them once here
			_, _, _ = a[4*k-1], b[8*k-1], c[3*ldc+7]
			kern4x8FMA(k, &a[0], &b[0], &c[0], ldc)
		}
		microKernel = asmKernels["avx2"]
	}
	if hasAVX512() {
		asmKernels["avx512"] = func(k int, a, b, c []float64, ldc int) {
			_, _, _ = a[4*k-1], b[8*k-1], c[3*ldc+7]
			kern4x8AVX512(k, &a[0], &b[0], &c[0], ldc)
		}
		microKernel = asmKernels["avx512"]
	}
}
