package insight

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"
)

//go:embed report.html.tmpl
var htmlTemplate string

//go:embed report.css
var htmlStyle string

var pageTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"money":   money,
	"percent": percent,
	"num":     func(x float64) string { return grouped(x, 0) },
	"int":     func(n int) string { return grouped(float64(n), 0) },
	"value":   formatValue,
	"change":  formatChange,
	"tone":    changeTone,
	"segment": segmentLabel,
	"dist":    distRange,
	"fixed":   func(d int, x float64) string { return grouped(x, d) },
	"signed":  func(x float64) string { return fmt.Sprintf("%+.0f", x) },
	"signed2": func(x float64) string { return fmt.Sprintf("%+.2f", x) },
	"period":  periodText,
	"join":    strings.Join,
	"pair": func(list []CustomerValue, currency string) customerList {
		return customerList{List: list, Currency: currency}
	},
}).Parse(htmlTemplate))

// customerList is a customer table's data for the template.
type customerList struct {
	List     []CustomerValue
	Currency string
}

// htmlPage is what the template sees: the report and its charts.
type htmlPage struct {
	R      *Report
	Style  template.CSS
	Charts map[string]template.HTML
	// Next is the forecast of revenue and orders over the horizon.
	NextRevenue, NextOrders float64
	Weeks                   int
	Anomalies               []string
	Complaints              string
}

// WriteHTML writes the report as one self-contained HTML page: inline CSS
// and inline SVG charts, no script, font or stylesheet from elsewhere. The
// layout is one column on a phone and a grid on wider screens.
func (r *Report) WriteHTML(w io.Writer) error {
	pg := htmlPage{R: r, Style: template.CSS(htmlStyle), Charts: map[string]template.HTML{
		"revenue":  revenueChart(r.Trend.Revenue, r.Currency),
		"cohorts":  cohortChart(r.Cohorts),
		"funnel":   funnelChart(r.Funnel),
		"segments": segmentChart(r.Value),
		"ratings":  ratingChart(r.Satisfaction),
		"whatif":   whatIfChart(r.WhatIf, r.Currency),
	}}
	if f := r.Trend.Revenue; f != nil {
		pg.NextRevenue, pg.Weeks = f.NextTotal, len(f.Forecast)
	}
	if f := r.Trend.Orders; f != nil {
		pg.NextOrders = f.NextTotal
	}
	for _, a := range r.Trend.Anomalies {
		pg.Anomalies = append(pg.Anomalies, a.Text(r.Currency))
	}
	var terms []string
	for _, t := range r.Satisfaction.Complaints {
		terms = append(terms, fmt.Sprintf("%s (%d)", t.Term, t.Count))
	}
	pg.Complaints = strings.Join(terms, ", ")
	return pageTemplate.Execute(w, pg)
}
