package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A small file in the tourism long format: two quarterly series with a
// seasonal pattern and a 4-quarter test horizon.
func writeForecastFiles(t *testing.T) (series, meta string) {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("\"series_id\",\"split\",\"t\",\"year\",\"cycle\",\"value\"\n")
	for _, id := range []string{"a", "b"} {
		for i := 0; i < 28; i++ {
			split := "train"
			if i >= 24 {
				split = "test"
			}
			v := 100 + float64(i) + []float64{10, -5, 20, -25}[i%4]
			if id == "b" {
				v *= 2
			}
			fmt.Fprintf(&b, "%q,%q,%d,%d,%d,%g\n", id, split, i+1, 2000+i/4, i%4+1, v)
		}
	}
	series = filepath.Join(dir, "long.csv")
	meta = filepath.Join(dir, "meta.csv")
	if err := os.WriteFile(series, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	m := "\"series_id\",\"period\",\"frequency\",\"n_train\",\"h\",\"start_year\",\"start_cycle\"\n\"a\",\"QUARTERLY\",4,24,4,2000,1\n\"b\",\"QUARTERLY\",4,24,4,2000,1\n"
	if err := os.WriteFile(meta, []byte(m), 0o644); err != nil {
		t.Fatal(err)
	}
	return series, meta
}

func TestEvalForecastCommand(t *testing.T) {
	series, meta := writeForecastFiles(t)
	out := filepath.Join(t.TempDir(), "fc.csv")
	var stdout, stderr bytes.Buffer
	err := runEvalForecast(context.Background(), []string{"-series", series, "-meta", meta, "-methods", "snaive,ets,comb", "-levels", "80,95", "-out", out}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	text := stdout.String()
	for _, want := range []string{"2 series", "snaive", "ets", "comb", "cov95", "wall time"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	// The data are exactly trend + season, so seasonal naive is off by the
	// yearly trend (4): its MASE is 1 and nothing fails.
	for _, line := range strings.Split(text, "\n") {
		if f := strings.Fields(line); len(f) > 3 && f[0] == "snaive" {
			if f[2] != "1.000" || f[3] != "0" {
				t.Errorf("snaive line %q, want MASE 1.000 and 0 failed", line)
			}
		}
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(string(b), "\n"); got != 1+3*2 {
		t.Errorf("forecast file has %d lines, want 7", got)
	}
	err = runEvalForecast(context.Background(), []string{"-series", series, "-meta", meta, "-methods", "nonsense"}, &stdout, &stderr)
	if !errors.Is(err, errUsage) {
		t.Errorf("unknown method: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := runEvalForecast(ctx, []string{"-series", series, "-meta", meta, "-methods", "ets"}, &stdout, &stderr); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled run: %v", err)
	}
}
