package insight

import (
	"fmt"
	"html/template"
)

// funnelChart draws the session funnel as centred bars with the conversion
// and the drop-off between stages.
func funnelChart(f Funnel) template.HTML {
	const name, title = "funnel", "Conversion funnel (sessions)"
	if len(f.Sessions) == 0 || f.Sessions[0].Count == 0 {
		return emptyChart(name, title, "No sessions with product views in the period")
	}
	const w, barH, gap = 480.0, 34.0, 26.0
	h := float64(len(f.Sessions))*(barH+gap) - gap + 8
	s := newSVG(name, title, w, h)
	maxW := w - 206
	for i, st := range f.Sessions {
		bw := maxW * st.Conversion
		y := float64(i) * (barH + gap)
		s.rect(96+(maxW-bw)/2, y, bw, barH, colMain, ` rx="3"`, fmt.Sprintf(` opacity="%.2f"`, 1-0.2*float64(i)))
		s.text(88, y+22, "end", colInk, st.Stage, ` font-weight="600"`)
		s.text(w-104, y+15, "start", colInk, grouped(float64(st.Count), 0))
		s.text(w-104, y+31, "start", colMuted, percent(st.Conversion))
		if i > 0 {
			s.text(96+maxW/2, y-8, "middle", colBad, "−"+percent(st.DropOff)+" drop-off", ` font-size="11"`)
		}
	}
	return s.html()
}

// hbarChart draws labelled horizontal bars, longest first as given.
func hbarChart(name, title string, labels []string, values []float64, notes []string) template.HTML {
	if len(values) == 0 {
		return emptyChart(name, title, "No data")
	}
	const w, barH, gap, left = 480.0, 20.0, 8.0, 132.0
	h := float64(len(values))*(barH+gap) + 4
	s := newSVG(name, title, w, h)
	top := 0.0
	for _, v := range values {
		top = max(top, v)
	}
	if top == 0 {
		top = 1
	}
	maxW := w - left - 156
	for i, v := range values {
		y := float64(i) * (barH + gap)
		s.text(left-8, y+15, "end", colInk, labels[i])
		s.rect(left, y, maxW*v/top, barH, colMain, ` rx="2"`)
		s.text(left+maxW*v/top+6, y+15, "start", colMuted, notes[i])
	}
	return s.html()
}

// segmentChart draws the RFM segment sizes with their revenue share.
func segmentChart(v Value) template.HTML {
	var labels, notes []string
	var values []float64
	for _, sg := range v.Segments {
		labels = append(labels, segmentLabel(sg.Name))
		values = append(values, float64(sg.Customers))
		notes = append(notes, fmt.Sprintf("%d · %s", sg.Customers, percent0(sg.RevenueShare)))
	}
	return hbarChart("segments", "Customers per RFM segment · share of lifetime revenue", labels, values, notes)
}

// ratingChart draws the star-rating distribution as columns.
func ratingChart(sat Satisfaction) template.HTML {
	const name, title = "ratings", "Review ratings"
	if sat.Reviews == 0 {
		return emptyChart(name, title, "No reviews in the period")
	}
	const w, h, bottom, top = 480.0, 200.0, 24.0, 18.0
	s := newSVG(name, title, w, h)
	peak := 0
	for _, n := range sat.Distribution {
		peak = max(peak, n)
	}
	colW := (w - 40) / 5
	colours := []string{colBad, "#ea580c", colAccent, "#65a30d", colGood}
	for i, n := range sat.Distribution {
		bh := (h - top - bottom) * float64(n) / float64(max(1, peak))
		x := 20 + colW*float64(i)
		s.rect(x+colW*0.2, h-bottom-bh, colW*0.6, bh, colours[i], ` rx="3"`)
		s.text(x+colW/2, h-bottom-bh-5, "middle", colInk, fmt.Sprintf("%d (%s)", n, percent0(float64(n)/float64(sat.Reviews))))
		s.text(x+colW/2, h-6, "middle", colMuted, fmt.Sprintf("%d ★", i+1))
	}
	return s.html()
}

// whatIfChart draws each scenario's margin gain over the baseline: the
// 5th–95th percentile range as a bar and the mean as a dot.
func whatIfChart(wi *WhatIf, currency string) template.HTML {
	const name, title = "whatif", "Margin gain over the baseline (5th–95th percentile, mean)"
	if wi == nil || len(wi.Scenarios) == 0 {
		return emptyChart(name, title, "No scenarios")
	}
	const w, rowH, left, right = 480.0, 62.0, 8.0, 8.0
	h := rowH*float64(len(wi.Scenarios)) + 30
	s := newSVG(name, title+" ("+currency+")", w, h)
	lo, hi := 0.0, 0.0
	for _, o := range wi.Scenarios {
		lo, hi = min(lo, o.MarginGain.P5), max(hi, o.MarginGain.P95)
	}
	span := max(1, hi-lo)
	lo, hi = lo-0.05*span, hi+0.05*span
	x := func(v float64) float64 { return left + (w-left-right)*(v-lo)/(hi-lo) }
	for i, o := range wi.Scenarios {
		y := float64(i) * rowH
		s.text(left, y+14, "start", colInk, o.Scenario.Name, ` font-weight="600"`)
		fill := colGood
		if o.MarginGain.Mean < 0 {
			fill = colBad
		}
		s.rect(x(o.MarginGain.P5), y+20, x(o.MarginGain.P95)-x(o.MarginGain.P5), 12, fill, ` opacity="0.35" rx="2"`)
		s.add(`<circle cx="%.1f" cy="%.1f" r="5" fill="%s"/>`, x(o.MarginGain.Mean), y+26, fill)
		s.text(left, y+50, "start", colMuted, fmt.Sprintf("mean %s (%s to %s) · beats baseline in %s",
			money(o.MarginGain.Mean, currency), compact(o.MarginGain.P5), compact(o.MarginGain.P95), percent(o.PBeatsBaseline)))
	}
	s.line(x(0), 16, x(0), h-14, colInk, ` stroke-dasharray="3 3"`)
	s.text(x(0), h-2, "middle", colMuted, "no change")
	return s.html()
}

func percent0(x float64) string { return grouped(100*x, 0) + "%" }
