package insight_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/crmkit/crmkit/insight"
	"github.com/crmkit/crmkit/store/memory"
)

func TestBuildErrors(t *testing.T) {
	ctx := context.Background()
	if _, err := insight.Build(ctx, memory.New(), insight.Options{}); !errors.Is(err, insight.ErrNoOrders) {
		t.Errorf("empty store: %v, want ErrNoOrders", err)
	}
	st := fixtureStore(t)
	for _, o := range []insight.Options{
		{TopProducts: -1},
		{ChurnWindow: -time.Hour},
		{Period: insight.Period{From: fixturePeriod.To, To: fixturePeriod.From}},
		{Scenarios: []insight.Scenario{{Kind: insight.Discount, Discount: 2}}},
		{Simulation: insight.SimOptions{Margin: 1.5}},
	} {
		var oe *insight.OptionsError
		if _, err := insight.Build(ctx, st, o); !errors.Is(err, insight.ErrInvalidOptions) || !errors.As(err, &oe) || oe.Field == "" {
			t.Errorf("options %+v: %v, want an *OptionsError", o, err)
		}
	}
	early := insight.Period{From: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2020, 2, 1, 0, 0, 0, 0, time.UTC)}
	if _, err := insight.Build(ctx, st, insight.Options{Period: early}); !errors.Is(err, insight.ErrNoOrders) {
		t.Errorf("period before any order: %v, want ErrNoOrders", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := insight.Build(cctx, st, insight.Options{Period: fixturePeriod}); err == nil {
		t.Error("cancelled context: no error")
	}
}

func TestBuildProgressAndDefaultPeriod(t *testing.T) {
	var calls [][2]int
	r, err := insight.Build(context.Background(), fixtureStore(t), insight.Options{
		Progress: func(done, total int) { calls = append(calls, [2]int{done, total}) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) == 0 || calls[len(calls)-1][0] != calls[len(calls)-1][1] {
		t.Errorf("progress calls %v", calls)
	}
	for i := 1; i < len(calls); i++ {
		if calls[i][0] <= calls[i-1][0] {
			t.Errorf("progress not increasing: %v", calls)
		}
	}
	// The latest sale is on 20 March 2026: the default period is the 90
	// days before 21 March.
	want := insight.Period{From: time.Date(2025, 12, 21, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 21, 0, 0, 0, 0, time.UTC)}
	if r.Period != want {
		t.Errorf("default period %v, want %v", r.Period, want)
	}
}
