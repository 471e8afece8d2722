package insight

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"
)

// Chart colours, shared by every chart and the page's stylesheet.
const (
	colInk    = "#1f2933"
	colMuted  = "#6b7785"
	colGrid   = "#e4e7eb"
	colMain   = "#2563eb"
	colBand80 = "#93b4f5"
	colBand95 = "#dbe6fd"
	colGood   = "#15803d"
	colBad    = "#b91c1c"
	colAccent = "#f59e0b"
)

// svgDoc builds one inline SVG chart. Charts scale to their container's
// width through the viewBox; text stays legible because the viewBoxes are
// about as wide as a phone screen is in CSS pixels.
type svgDoc struct {
	b    strings.Builder
	w, h float64
}

func newSVG(name, title string, w, h float64) *svgDoc {
	s := &svgDoc{w: w, h: h}
	// The cap keeps text near its intended size on wide screens.
	fmt.Fprintf(&s.b, `<svg class="chart" data-chart="%s" style="max-width:%gpx" viewBox="0 0 %g %g" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="12">`,
		name, math.Round(w*1.35), w, h, html.EscapeString(title))
	fmt.Fprintf(&s.b, `<title>%s</title>`, html.EscapeString(title))
	return s
}

func (s *svgDoc) add(format string, args ...any) { fmt.Fprintf(&s.b, format, args...) }

// text draws escaped text; anchor is start, middle or end.
func (s *svgDoc) text(x, y float64, anchor, fill, t string, extra ...string) {
	s.add(`<text x="%.1f" y="%.1f" text-anchor="%s" fill="%s"%s>%s</text>`, x, y, anchor, fill, strings.Join(extra, ""), html.EscapeString(t))
}

func (s *svgDoc) rect(x, y, w, h float64, fill string, extra ...string) {
	s.add(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"%s/>`, x, y, math.Max(0, w), math.Max(0, h), fill, strings.Join(extra, ""))
}

func (s *svgDoc) line(x1, y1, x2, y2 float64, stroke string, extra ...string) {
	s.add(`<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s"%s/>`, x1, y1, x2, y2, stroke, strings.Join(extra, ""))
}

func (s *svgDoc) html() template.HTML {
	return template.HTML(s.b.String() + "</svg>")
}

// emptyChart is drawn when a chart has no data, so the page keeps its shape.
func emptyChart(name, title, why string) template.HTML {
	s := newSVG(name, title, 640, 80)
	s.rect(0, 0, 640, 80, "#f8fafc")
	s.text(320, 45, "middle", colMuted, why)
	return s.html()
}

// niceMax rounds x up to 1, 2, 2.5 or 5 times a power of ten.
func niceMax(x float64) float64 {
	if x <= 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= x {
			return m * p
		}
	}
	return 10 * p
}

// compact formats an axis value: 1.2k, 35k, 1.5M.
func compact(x float64) string {
	a := math.Abs(x)
	switch {
	case a >= 1e6:
		return trimZero(fmt.Sprintf("%.1f", x/1e6)) + "M"
	case a >= 1e3:
		return trimZero(fmt.Sprintf("%.1f", x/1e3)) + "k"
	}
	return trimZero(fmt.Sprintf("%.1f", x))
}

func trimZero(s string) string { return strings.TrimSuffix(s, ".0") }
