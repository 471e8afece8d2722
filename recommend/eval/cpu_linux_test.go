//go:build linux

package eval

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time (user + system) of the whole process, all
// threads, so that a training benchmark can report CPU seconds beside wall time on
// a machine shared with other work.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
