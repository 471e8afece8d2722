package forecast

import (
	"context"
	"errors"
	"math"
	"testing"
)

// Every method on awkward input returns finite forecasts or an error; none
// panics.
func TestAwkwardSeriesNeverPanicOrNaN(t *testing.T) {
	nan := math.NaN()
	inputs := map[string][]float64{
		"empty":      {},
		"one":        {5},
		"two":        {5, 6},
		"three":      {5, 6, 7},
		"constant":   {4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4},
		"zeros":      make([]float64, 30),
		"nan":        {1, 2, nan, 4, 5, 6, 7, 8},
		"inf":        {1, 2, math.Inf(1), 4, 5, 6, 7, 8},
		"negative":   {-3, 2, -1, 4, -5, 6, -7, 8, -9, 10, -11, 12, -13, 14},
		"spike":      {0, 0, 0, 0, 1e9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0},
		"seasonal13": {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13},
	}
	methods := []Method{NaiveMethod(), SeasonalNaiveMethod(), DriftMethod(), ThetaMethod(), DampedMethod(), ETSMethod(nil), Combination(nil), BenchmarkMethod()}
	for name, y := range inputs {
		for _, m := range methods {
			for _, levels := range [][]float64{nil, {80, 95}} {
				fc, err := m.Forecast(y, 12, 6, levels)
				if err != nil {
					if name == "nan" || name == "inf" {
						if !errors.Is(err, ErrNonFinite) {
							t.Errorf("%s on %s: error %v does not wrap ErrNonFinite", m.Name, name, err)
						}
					}
					continue
				}
				if e := fc.finite(); e != nil {
					t.Errorf("%s on %s: %v", m.Name, name, e)
				}
				if len(fc.Mean) != 6 {
					t.Errorf("%s on %s: %d forecasts", m.Name, name, len(fc.Mean))
				}
			}
		}
		for _, f := range []Frequency{0, Daily, Weekly, Monthly, Quarterly} {
			fc, err := Auto(context.Background(), Series{Frequency: f, Values: y}, &AutoOptions{Horizon: 5})
			if err == nil {
				if e := fc.finite(); e != nil {
					t.Errorf("Auto(%v) on %s: %v", f, name, e)
				}
			}
		}
		for _, fn := range []func([]float64, int, *IntermittentOptions, ...float64) (*Forecast, error){Croston, SBA, TSB} {
			if fc, err := fn(y, 4, nil); err == nil {
				if e := fc.finite(); e != nil {
					t.Errorf("intermittent on %s: %v", name, e)
				}
			}
		}
		if fc, err := MSTLForecast(context.Background(), y, []int{7, 365}, 4); err == nil {
			if e := fc.finite(); e != nil {
				t.Errorf("MSTL on %s: %v", name, e)
			}
		}
		for _, kind := range []HWSeasonal{HWAdditive, HWMultiplicative, HWNonSeasonal, HWLevelOnly} {
			if m, err := HoltWinters(y, 4, &HWOptions{Seasonal: kind}); err == nil {
				if fc, err := m.Forecast(4); err == nil && fc.finite() != nil {
					t.Errorf("HoltWinters on %s gave non-finite forecasts", name)
				}
			}
		}
	}
	fc, err := ETSMethod(nil).Forecast(inputs["constant"], 12, 3, []float64{95})
	if err != nil || fc.Mean[0] != 4 || fc.Intervals[0].Lower[0] != 4 {
		t.Errorf("constant series fallback: %+v %v", fc, err)
	}
}

func TestEvaluateCancels(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	tasks := []Task{{ID: "a", Train: []float64{1, 2, 3, 4, 5, 6}, Test: []float64{7, 8}, Period: 1}}
	if _, err := Evaluate(ctx, tasks, []Method{NaiveMethod()}, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("Evaluate after cancel: %v", err)
	}
	if _, err := AutoETS(ctx, []float64{1, 3, 2, 4, 3, 5, 4, 6}, 1, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("AutoETS after cancel: %v", err)
	}
}

func TestEvaluateAndRollingOrigin(t *testing.T) {
	ap := loadColumn(t, "AirPassengers.csv")
	ref := refValues(t, "airpassengers_reference.json")
	tasks := []Task{{ID: "ap", Train: ap[:120], Test: ap[120:], Period: 12}}
	res, err := Evaluate(context.Background(), tasks, []Method{SeasonalNaiveMethod(), ThetaMethod(), ETSMethod(nil)}, &EvalOptions{Levels: []float64{80}})
	if err != nil {
		t.Fatal(err)
	}
	for j, key := range []string{"holdout.snaive.metrics", "holdout.thetaf.metrics", "holdout.ets_auto.metrics"} {
		want := refMap(t, ref, key)
		got := res[0][j].Accuracy
		assertRel(t, key+" sMAPE", got.SMAPE, want["sMAPE"], 1e-3)
		assertRel(t, key+" MASE", got.MASE, want["MASE"], 1e-3)
		assertRel(t, key+" RMSE", got.RMSE, want["RMSE"], 1e-3)
		assertRel(t, key+" MAPE", got.MAPE, want["MAPE"], 1e-3)
	}
	if res[0][2].Model != "ETS(M,Ad,M)" {
		t.Errorf("holdout ETS chose %s", res[0][2].Model)
	}
	acc, err := RollingOrigin(context.Background(), ap, 12, SeasonalNaiveMethod(), 120, 12, 6, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(acc) != 4 { // origins 120, 126, 132, 138
		t.Fatalf("%d origins", len(acc))
	}
	// Origin 132 forecasts 1960 with 1959: sMAPE by hand from the data.
	var s float64
	for i := 0; i < 12; i++ {
		y, f := ap[132+i], ap[120+i]
		s += 200 * math.Abs(y-f) / (y + f)
	}
	assertRel(t, "rolling origin sMAPE", acc[2].SMAPE, s/12, 1e-12)
}

func TestInterpolate(t *testing.T) {
	nan := math.NaN()
	got, err := Interpolate([]float64{nan, 2, nan, nan, 8, nan})
	if err != nil {
		t.Fatal(err)
	}
	assertSliceRel(t, "interpolated", got, []float64{2, 2, 4, 6, 8, 8}, 1e-12)
	if _, err := Interpolate([]float64{nan, nan}); !errors.Is(err, ErrTooShort) {
		t.Errorf("all missing: %v", err)
	}
}

func TestMultiplicativeTrendSimulatedIntervals(t *testing.T) {
	ap := loadColumn(t, "AirPassengers.csv")
	fit, err := FitETS(ap, 12, ETSSpec{Error: Multiplicative, Trend: Multiplicative, Damped: true, Season: Multiplicative})
	if err != nil {
		t.Fatal(err)
	}
	fc, err := fit.Forecast(12, 80, 95)
	if err != nil {
		t.Fatal(err)
	}
	i80, _ := fc.Interval(80)
	i95, _ := fc.Interval(95)
	for h := range fc.Mean {
		if !(i95.Lower[h] < i80.Lower[h] && i80.Lower[h] < fc.Mean[h] && fc.Mean[h] < i80.Upper[h] && i80.Upper[h] < i95.Upper[h]) {
			t.Errorf("h=%d: intervals not nested around the mean: %v %v %v %v %v", h+1, i95.Lower[h], i80.Lower[h], fc.Mean[h], i80.Upper[h], i95.Upper[h])
		}
	}
	again, _ := fit.Forecast(12, 80, 95)
	if again.Intervals[0].Lower[5] != fc.Intervals[0].Lower[5] {
		t.Error("simulated intervals are not reproducible")
	}
}

func TestAutoAll(t *testing.T) {
	series := []Series{
		{Key: "flat", Values: []float64{5, 5, 5, 5, 5, 5, 5, 5}},
		{Key: "bad", Values: []float64{1, math.NaN(), 3}},
		{Key: "trend", Values: []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}},
	}
	res, err := AutoAll(context.Background(), series, &AutoOptions{Horizon: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Key != "flat" || res[0].Err != nil || res[0].Forecast.Mean[0] != 5 {
		t.Errorf("flat: %+v", res[0])
	}
	if !errors.Is(res[1].Err, ErrNonFinite) {
		t.Errorf("bad: %v", res[1].Err)
	}
	if res[2].Err != nil || math.Abs(res[2].Forecast.Mean[0]-11) > 1 {
		t.Errorf("trend: %+v", res[2])
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := AutoAll(ctx, series, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}
