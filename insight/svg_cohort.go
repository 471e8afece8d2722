package insight

import (
	"fmt"
	"html/template"
	"math"
)

// cohortChart draws the retention matrix as a heatmap: one row per
// acquisition month, one column per month since, darker for more retained.
func cohortChart(c Cohorts) template.HTML {
	const name, title = "cohorts", "Retention by monthly acquisition cohort"
	if len(c.Months) == 0 {
		return emptyChart(name, title, "No cohorts")
	}
	cols := 0
	peak := 0.0
	for _, r := range c.Retention {
		cols = max(cols, len(r))
		for k, v := range r {
			if k > 0 {
				peak = max(peak, v)
			}
		}
	}
	if peak == 0 {
		peak = 1
	}
	const left, top, cellH = 124.0, 26.0, 26.0
	w := 640.0
	cellW := (w - left - 4) / float64(cols)
	h := top + cellH*float64(len(c.Months)) + 6
	s := newSVG(name, title, w, h)
	for k := range cols {
		s.text(left+cellW*(float64(k)+0.5), 16, "middle", colMuted, fmt.Sprintf("M%d", k))
	}
	for i, m := range c.Months {
		y := top + cellH*float64(i)
		s.text(4, y+18, "start", colInk, m)
		s.text(left-6, y+18, "end", colMuted, fmt.Sprint(c.Sizes[i]))
		for k, v := range c.Retention[i] {
			// M0 is 100% by definition; the scale runs to the highest later
			// value so the differences that matter show.
			t := math.Min(1, v/peak)
			if k == 0 {
				t = 1
			}
			fill := fmt.Sprintf("rgb(%d,%d,%d)", lerp(239, 30, t), lerp(246, 64, t), lerp(255, 175, t))
			s.rect(left+cellW*float64(k)+1, y+1, cellW-2, cellH-2, fill, ` rx="2"`)
			ink := colInk
			if t > 0.55 {
				ink = "#ffffff"
			}
			if c.Sizes[i] > 0 {
				s.text(left+cellW*(float64(k)+0.5), y+18, "middle", ink, fmt.Sprintf("%.0f", 100*v), ` font-size="11"`)
			}
		}
	}
	return s.html()
}

func lerp(a, b int, t float64) int { return int(math.Round(float64(a) + (float64(b)-float64(a))*t)) }
