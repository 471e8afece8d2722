//go:build !amd64

package recommend

// hasAVX2FMA is false off amd64: microKernelGo does the work.
func hasAVX2FMA() bool { return false }
