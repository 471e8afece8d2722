package progress

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// Bar reports the progress of one task. It is safe for concurrent use.
type Bar struct {
	mu       sync.Mutex
	w        io.Writer
	label    string
	terminal bool
	start    time.Time
	lastPct  int
	lastDraw time.Time
	done     bool
}

// New returns a bar labelled label writing to w (usually os.Stderr).
func New(w io.Writer, label string) *Bar {
	return &Bar{w: w, label: label, terminal: isTerminal(w), start: time.Now(), lastPct: -1}
}

// Update reports done of total units; it has the signature of the progress
// callbacks in crmkit's options.
func (b *Bar) Update(done, total int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.done || total <= 0 {
		return
	}
	pct := min(100, done*100/total)
	if b.terminal {
		if time.Since(b.lastDraw) < 100*time.Millisecond && pct < 100 {
			return
		}
		const width = 30
		fill := pct * width / 100
		fmt.Fprintf(b.w, "\r%s [%s%s] %3d%% %d/%d", b.label, strings.Repeat("#", fill), strings.Repeat(" ", width-fill), pct, done, total)
		b.lastDraw = time.Now()
		return
	}
	if pct/10 > b.lastPct/10 || b.lastPct < 0 {
		fmt.Fprintf(b.w, "%s: %d%% (%d/%d)\n", b.label, pct, done, total)
		b.lastPct = pct
	}
}

// Finish ends the bar with the elapsed time.
func (b *Bar) Finish() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.done {
		return
	}
	b.done = true
	elapsed := time.Since(b.start).Round(time.Millisecond)
	if b.terminal {
		fmt.Fprintf(b.w, "\r%s done in %s%s\n", b.label, elapsed, strings.Repeat(" ", 40))
		return
	}
	fmt.Fprintf(b.w, "%s: done in %s\n", b.label, elapsed)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
