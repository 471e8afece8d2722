package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/crmkit/crmkit/insight"
	"github.com/crmkit/crmkit/internal/progress"
)

func init() {
	register(&command{
		name:    "report",
		summary: "KPI, cohort, funnel, satisfaction, forecast, value and what-if report (HTML, JSON or Markdown)",
		run:     runReport,
	})
}

func runReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("crmkit report", stderr)
	db := fs.String("db", "", "store to report on: a SQLite file (*.db), memory, or a postgres:// DSN")
	out := fs.String("out", "", "output file (default stdout)")
	format := fs.String("format", "", "html, json or md (default: from -out's extension, html for stdout)")
	from := fs.String("from", "", "first day of the period, YYYY-MM-DD (default: 90 days before -to)")
	to := fs.String("to", "", "day after the period, YYYY-MM-DD (default: the day after the latest order)")
	title := fs.String("title", "", "report title")
	runs := fs.Int("runs", 0, "what-if Monte Carlo runs (default 1000)")
	seed := fs.Uint64("seed", 0, "what-if random seed")
	margin := fs.Float64("margin", 0, "gross margin share for the what-if scenarios (default 0.40)")
	quiet := fs.Bool("q", false, "no progress on stderr")
	verbose := fs.Bool("v", false, "log each step's duration on stderr")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *db == "" {
		return fmt.Errorf("%w: -db is required", errUsage)
	}
	f := insight.Format(*format)
	switch {
	case *format == "" && *out != "":
		f = insight.FormatOf(*out)
	case *format == "":
		f = insight.HTML
	case f != insight.HTML && f != insight.JSON && f != insight.Markdown:
		return fmt.Errorf("%w: -format %q: want html, json or md", errUsage, *format)
	}
	opts := insight.Options{Title: *title, Simulation: insight.SimOptions{Runs: *runs, Seed: *seed, Margin: *margin}}
	if *verbose {
		opts.Logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	day := func(flag, s string) (time.Time, error) {
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return t, fmt.Errorf("%w: -%s %q: want YYYY-MM-DD", errUsage, flag, s)
		}
		return t, nil
	}
	if *to != "" || *from != "" {
		if *to == "" {
			return fmt.Errorf("%w: -from needs -to", errUsage)
		}
		end, err := day("to", *to)
		if err != nil {
			return err
		}
		start := end.AddDate(0, 0, -90)
		if *from != "" {
			if start, err = day("from", *from); err != nil {
				return err
			}
		}
		opts.Period = insight.Period{From: start, To: end}
	}

	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	start := time.Now()
	if !*quiet {
		bar := progress.New(stderr, "report")
		opts.Progress = bar.Update
		defer bar.Finish()
	}
	r, err := insight.Build(ctx, st, opts)
	if err != nil {
		return err
	}
	w := stdout
	if *out != "" {
		file, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer file.Close()
		w = file
	}
	if err := r.Write(w, f); err != nil {
		return err
	}
	if *out != "" {
		if c, ok := w.(io.Closer); ok {
			if err := c.Close(); err != nil {
				return err
			}
		}
		if !*quiet {
			fmt.Fprintf(stderr, "report: %s written (%s, %s, built in %s)\n", *out, f, periodLabel(r.Period), time.Since(start).Round(time.Millisecond))
		}
	}
	return nil
}

func periodLabel(p insight.Period) string {
	return p.From.Format(time.DateOnly) + " to " + p.To.AddDate(0, 0, -1).Format(time.DateOnly)
}
