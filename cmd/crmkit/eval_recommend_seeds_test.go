package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/crmkit/crmkit/recommend"
)

// The seed spread prints one NDCG per seed and their mean.
func TestALSSeedSpread(t *testing.T) {
	var train, test []recommend.Event
	for u := 0; u < 30; u++ {
		for i := 0; i < 12; i++ {
			e := recommend.Event{User: fmt.Sprint("u", u), Item: fmt.Sprint("i", (u*7+i*i)%40)}
			if i%4 == 0 {
				test = append(test, e)
			} else {
				train = append(train, e)
			}
		}
	}
	in, err := recommend.FromEvents(train, &recommend.BuildOptions{Binary: true})
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := alsSeedSpread(context.Background(), in, test, 5, 3, &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d lines, want 2:\n%s", len(lines), out.String())
	}
	fields := strings.Fields(lines[0][strings.LastIndex(lines[0], ":")+1:])
	if len(fields) != 3 {
		t.Fatalf("got %d per-seed figures, want 3: %q", len(fields), lines[0])
	}
	var sum float64
	for _, f := range fields {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil || v <= 0 || v > 1 {
			t.Fatalf("per-seed NDCG %q", f)
		}
		sum += v
	}
	mean, err := strconv.ParseFloat(strings.Fields(strings.SplitN(lines[1], "NDCG ", 2)[1])[0], 64)
	if err != nil {
		t.Fatal(err)
	}
	if d := mean - sum/3; d > 1e-4 || d < -1e-4 {
		t.Errorf("mean %g, want %g", mean, sum/3)
	}
}
