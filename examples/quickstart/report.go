package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/crmkit/crmkit/insight"
	"github.com/crmkit/crmkit/internal/progress"
	"github.com/crmkit/crmkit/store"
)

// writeReport builds the insight report of the last quarter — KPIs, the next
// quarter's forecast, segments and value, two what-if scenarios, cohorts,
// funnel and satisfaction — and writes it as one self-contained HTML page.
func writeReport(ctx context.Context, st store.Store, path string, stdout, stderr io.Writer) error {
	if path == "" {
		return nil
	}
	t0 := time.Now()
	bar := progress.New(stderr, "report")
	r, err := insight.WriteFile(ctx, st, path, insight.Options{Title: "Demo shop report", Progress: bar.Update})
	bar.Finish()
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	fmt.Fprintf(stdout, "== Report\n%s\nWritten in %s: open file://%s in a browser.\n", r.Headline(), elapsed(t0), abs)
	return nil
}
