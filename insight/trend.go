package insight

import (
	"context"
	"fmt"
	"time"

	"github.com/crmkit/crmkit/forecast"
	"github.com/crmkit/crmkit/order"
)

// historyWeeks is the number of past weeks shown with a forecast.
const historyWeeks = 52

// yearWeeks is the yearly cycle of weekly data.
const yearWeeks = 52

// minTrainWeeks is the shortest history a weekly forecast is fitted on.
const minTrainWeeks = 8

// weekly builds the weekly series of a measure over [from, to), both Mondays.
func weekly(orders []order.Order, m forecast.Measure, from, to time.Time) (forecast.Series, error) {
	ss, err := forecast.BuildSeries(orders, forecast.Weekly, &forecast.SeriesOptions{Measure: m, From: from, To: to})
	if err != nil {
		return forecast.Series{}, err
	}
	if len(ss) != 1 {
		return forecast.Series{}, fmt.Errorf("insight: weekly series: %d series built", len(ss))
	}
	return ss[0], nil
}

// nextMonday returns t when it starts a week and the following Monday otherwise.
func nextMonday(t time.Time) time.Time {
	w := forecast.Weekly.Truncate(t)
	if w.Equal(t) {
		return w
	}
	return forecast.Weekly.Add(w, 1)
}

// trend forecasts weekly revenue and orders past the last full week of the
// period and flags the period's weeks that fell outside the 95% interval of
// a forecast fitted on the weeks before the period. Notes say what could not
// be done.
func trend(ctx context.Context, orders []order.Order, p Period, weeks int) (Trend, []string, error) {
	t := Trend{Anomalies: []Anomaly{}}
	var notes []string
	if len(orders) == 0 {
		return t, notes, nil
	}
	start := forecast.Weekly.Truncate(orders[0].PlacedAt)
	end := forecast.Weekly.Truncate(p.To)
	if !end.After(start) {
		return t, append(notes, "trend: less than one full week of sales"), nil
	}
	periodStart := nextMonday(p.From)
	for _, m := range []struct {
		key     string
		measure forecast.Measure
		dst     **SeriesForecast
	}{{"revenue", forecast.Revenue, &t.Revenue}, {"orders", forecast.Orders, &t.Orders}} {
		s, err := weekly(orders, m.measure, start, end)
		if err != nil {
			return t, notes, err
		}
		if len(s.Values) < minTrainWeeks {
			notes = append(notes, fmt.Sprintf("trend: %s: %d weeks of history, %d needed for a forecast", m.key, len(s.Values), minTrainWeeks))
			continue
		}
		fc, err := forecast.Auto(ctx, s, &forecast.AutoOptions{Horizon: weeks, Levels: []float64{80, 95}})
		if err != nil {
			if ctx.Err() != nil {
				return t, notes, ctx.Err()
			}
			notes = append(notes, fmt.Sprintf("trend: %s forecast: %v", m.key, err))
			continue
		}
		if m.key == "revenue" && len(s.Values) <= 2*yearWeeks {
			notes = append(notes, fmt.Sprintf("trend: %d full weeks of sales; a yearly cycle needs more than %d, so the forecast has no yearly seasonality", len(s.Values), 2*yearWeeks))
		}
		sf := &SeriesForecast{KPI: m.key, Method: fc.Method}
		for i := max(0, len(s.Values)-historyWeeks); i < len(s.Values); i++ {
			sf.History = append(sf.History, TrendPoint{Week: s.Time(i).Format(time.DateOnly), Actual: s.Values[i]})
		}
		sf.Forecast = forecastPoints(fc)
		for _, v := range fc.Mean {
			sf.NextTotal += v
		}
		*m.dst = sf

		// Anomalies: the period's full weeks against a forecast from before it.
		train := forecast.Weekly.Truncate(periodStart).Sub(start)
		nTrain := int(train / (7 * 24 * time.Hour))
		h := len(s.Values) - nTrain
		if h <= 0 || nTrain < minTrainWeeks {
			continue
		}
		past := forecast.Series{Key: s.Key, Frequency: s.Frequency, Start: s.Start, Values: s.Values[:nTrain]}
		bfc, err := forecast.Auto(ctx, past, &forecast.AutoOptions{Horizon: h, Levels: []float64{95}})
		if err != nil {
			if ctx.Err() != nil {
				return t, notes, ctx.Err()
			}
			notes = append(notes, fmt.Sprintf("trend: %s backtest: %v", m.key, err))
			continue
		}
		t.Anomalies = append(t.Anomalies, anomalies(m.key, s, nTrain, bfc)...)
	}
	return t, notes, nil
}

func forecastPoints(fc *forecast.Forecast) []TrendPoint {
	i80, _ := fc.Interval(80)
	i95, _ := fc.Interval(95)
	out := make([]TrendPoint, len(fc.Mean))
	for i, m := range fc.Mean {
		out[i] = TrendPoint{Week: fc.Time(i).Format(time.DateOnly), Mean: m}
		if len(i80.Lower) > i {
			out[i].Lo80, out[i].Hi80 = i80.Lower[i], i80.Upper[i]
		}
		if len(i95.Lower) > i {
			out[i].Lo95, out[i].Hi95 = i95.Lower[i], i95.Upper[i]
		}
	}
	return out
}

// anomalies compares s's values from index from on with the forecast fc of
// them and returns those outside its 95% interval.
func anomalies(key string, s forecast.Series, from int, fc *forecast.Forecast) []Anomaly {
	band, ok := fc.Interval(95)
	if !ok {
		return nil
	}
	var out []Anomaly
	for i := range fc.Mean {
		j := from + i
		if j >= len(s.Values) {
			break
		}
		a, lo, hi := s.Values[j], band.Lower[i], band.Upper[i]
		if a >= lo && a <= hi {
			continue
		}
		an := Anomaly{KPI: key, Week: s.Time(j).Format(time.DateOnly), Actual: a, Expected: fc.Mean[i], Lower: lo, Upper: hi}
		if a > hi {
			an.Excess = a - hi
		} else {
			an.Excess = a - lo
		}
		if fc.Mean[i] != 0 {
			an.Size = a/fc.Mean[i] - 1
		}
		out = append(out, an)
	}
	return out
}
