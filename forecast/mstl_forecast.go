package forecast

import (
	"context"
	"fmt"
	"math"
)

// MSTLForecast forecasts a series with several seasonal cycles (daily shop
// sales: weekly and yearly) the way R's stlf does for one cycle: MSTL
// removes the seasonal components, the adjusted series (trend + remainder)
// is forecast by automatic non-seasonal ETS, and each seasonal component
// is carried forward from its last cycle. Intervals are those of the
// adjusted series' model, widened by sqrt((1+s)/(1-s)) with s = Σ p/n, the
// share of noise the seasonal components absorb in-sample and add back
// when carried forward (material for a yearly cycle seen two or three
// times, negligible for the weekly one). Periods
// without two full cycles of data are ignored; with none left the series is
// forecast by AutoETS alone. These model intervals still leave out most of
// the seasonal and decomposition uncertainty (on daily shop revenue the
// 80% band covered 0.63–0.77); Auto calibrates them on daily data
// (Calibrate).
func MSTLForecast(ctx context.Context, y []float64, periods []int, h int, levels ...float64) (*Forecast, error) {
	if len(levels) == 0 {
		levels = DefaultLevels
	}
	if err := checkForecastArgs(h, levels); err != nil {
		return nil, err
	}
	if err := checkSeries(y, 3); err != nil {
		return nil, err
	}
	dec, err := MSTL(y, periods, nil)
	if err != nil {
		fit, err2 := AutoETS(ctx, y, 1, nil)
		if err2 != nil {
			return nil, fmt.Errorf("mstl: %w", err2)
		}
		return fit.Forecast(h, levels...)
	}
	adj := dec.Adjusted()
	fit, err := AutoETS(ctx, adj, 1, &ETSOptions{AdditiveOnly: !allPositive(adj)})
	if err != nil {
		return nil, fmt.Errorf("mstl: adjusted series: %w", err)
	}
	fc, err := fit.Forecast(h, levels...)
	if err != nil {
		return nil, err
	}
	n := len(y)
	// Each seasonal value is in effect an average over the c = n/p cycles
	// seen, so it absorbs about 1/c of the noise: in-sample residuals
	// understate the noise by (1 - 1/c) and carrying the pattern forward
	// adds 1/c. Widen the intervals by that ratio.
	share := 0.0
	for _, p := range dec.Periods {
		share += float64(p) / float64(n)
	}
	share = math.Min(share, 0.8)
	if widen := math.Sqrt((1 + share) / (1 - share)); share > 0 {
		for _, iv := range fc.Intervals {
			for i := range iv.Lower {
				mid := (iv.Upper[i] + iv.Lower[i]) / 2
				half := (iv.Upper[i] - iv.Lower[i]) / 2 * widen
				iv.Lower[i], iv.Upper[i] = mid-half, mid+half
			}
		}
	}
	for i := 0; i < h; i++ {
		add := 0.0
		for k, p := range dec.Periods {
			// The value one (or more) whole cycles back from n+i.
			add += dec.Seasonal[k][n-p+i%p]
		}
		fc.Mean[i] += add
		for _, iv := range fc.Intervals {
			iv.Lower[i] += add
			iv.Upper[i] += add
		}
	}
	fc.Method = fmt.Sprintf("MSTL%v+%s", dec.Periods, fit.Spec)
	return fc, fc.finite()
}

func allPositive(y []float64) bool {
	for _, v := range y {
		if v <= 0 {
			return false
		}
	}
	return true
}
