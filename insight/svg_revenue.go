package insight

import (
	"fmt"
	"html/template"
	"strings"
	"time"
)

// revenueChart draws weekly revenue history with the forecast's mean and
// its 80% and 95% bands.
func revenueChart(f *SeriesForecast, currency string) template.HTML {
	const name, title = "revenue", "Weekly revenue and forecast"
	if f == nil || len(f.History)+len(f.Forecast) == 0 {
		return emptyChart(name, title, "Not enough weeks of sales for a forecast")
	}
	const w, h, left, right, top, bottom = 480.0, 260.0, 40.0, 10.0, 16.0, 42.0
	s := newSVG(name, title+" ("+currency+")", w, h)
	n := len(f.History) + len(f.Forecast)
	top95 := 0.0
	for _, p := range f.History {
		top95 = max(top95, p.Actual)
	}
	for _, p := range f.Forecast {
		top95 = max(top95, p.Hi95, p.Mean)
	}
	ymax := niceMax(top95)
	x := func(i int) float64 { return left + (w-left-right)*float64(i)/float64(max(1, n-1)) }
	y := func(v float64) float64 { return top + (h-top-bottom)*(1-v/ymax) }
	for k := 0; k <= 4; k++ {
		v := ymax * float64(k) / 4
		s.line(left, y(v), w-right, y(v), colGrid)
		s.text(left-6, y(v)+4, "end", colMuted, compact(v))
	}
	// Month labels on the first week of every third month.
	lastMonth := -1
	for i := range n {
		var wk string
		if i < len(f.History) {
			wk = f.History[i].Week
		} else {
			wk = f.Forecast[i-len(f.History)].Week
		}
		t, err := time.Parse(time.DateOnly, wk)
		if err != nil {
			continue
		}
		m := int(t.Month())
		if m != lastMonth && m%3 == 1 {
			s.line(x(i), h-bottom, x(i), h-bottom+4, colMuted)
			s.text(x(i), h-bottom+17, "middle", colMuted, t.Format("Jan 06"))
		}
		lastMonth = m
	}
	h0 := len(f.History)
	if len(f.Forecast) > 0 {
		band := func(lo, hi func(TrendPoint) float64, fill string) {
			var pts []string
			for i, p := range f.Forecast {
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(h0+i), y(hi(p))))
			}
			for i := len(f.Forecast) - 1; i >= 0; i-- {
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(h0+i), y(lo(f.Forecast[i]))))
			}
			s.add(`<polygon points="%s" fill="%s"/>`, strings.Join(pts, " "), fill)
		}
		band(func(p TrendPoint) float64 { return p.Lo95 }, func(p TrendPoint) float64 { return p.Hi95 }, colBand95)
		band(func(p TrendPoint) float64 { return p.Lo80 }, func(p TrendPoint) float64 { return p.Hi80 }, colBand80)
		var pts []string
		if h0 > 0 {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(h0-1), y(f.History[h0-1].Actual)))
		}
		for i, p := range f.Forecast {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(h0+i), y(p.Mean)))
		}
		s.add(`<polyline points="%s" fill="none" stroke="%s" stroke-width="2" stroke-dasharray="5 4"/>`, strings.Join(pts, " "), colMain)
		if h0 > 0 {
			s.line(x(h0-1), top, x(h0-1), h-bottom, colMuted, ` stroke-dasharray="2 3"`)
			s.text(x(h0-1)+4, top+10, "start", colMuted, "forecast")
		}
	}
	var pts []string
	for i, p := range f.History {
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(i), y(p.Actual)))
	}
	if len(pts) > 0 {
		s.add(`<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>`, strings.Join(pts, " "), colInk)
	}
	// Legend.
	ly := h - 8
	s.line(left, ly-4, left+18, ly-4, colInk, ` stroke-width="2"`)
	s.text(left+22, ly, "start", colMuted, "actual")
	s.line(left+76, ly-4, left+94, ly-4, colMain, ` stroke-width="2" stroke-dasharray="5 4"`)
	s.text(left+98, ly, "start", colMuted, "forecast")
	s.rect(left+172, ly-10, 14, 10, colBand80)
	s.text(left+190, ly, "start", colMuted, "80%")
	s.rect(left+236, ly-10, 14, 10, colBand95)
	s.text(left+254, ly, "start", colMuted, "95% interval")
	return s.html()
}
