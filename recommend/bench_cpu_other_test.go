//go:build !linux

package recommend

import "time"

// threadCPU is not measured outside Linux; CPU-time percentiles then read 0.
func threadCPU() time.Duration { return 0 }

// processCPU is not measured outside Linux; CPU-second metrics then read 0.
func processCPU() time.Duration { return 0 }
