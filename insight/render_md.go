package insight

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
)

// WriteMarkdown writes the report as a Markdown document with tables.
func (r *Report) WriteMarkdown(w io.Writer) error {
	b := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	cur := r.Currency
	row := func(cells ...string) {
		for i := range cells {
			cells[i] = strings.ReplaceAll(cells[i], "|", `\|`)
		}
		p("| %s |\n", strings.Join(cells, " | "))
	}
	head := func(cells ...string) {
		row(cells...)
		seps := make([]string, len(cells))
		for i := range seps {
			seps[i] = "---"
		}
		p("|%s|\n", strings.Join(seps, "|"))
	}
	p("# %s\n\n", r.Title)
	p("%s compared with %s. %s\n\n", periodText(r.Period), periodText(r.Previous), r.Headline())

	p("## Key figures\n\n")
	head("Indicator", "This period", "Previous", "Change")
	for _, k := range r.KPIs {
		row(k.Label, formatValue(k.Unit, k.Current, cur), formatValue(k.Unit, k.Previous, cur), formatChange(k))
	}
	p("\n### Revenue by category\n\n")
	head("Category", "Goods sales", "Share", "Previous")
	for _, c := range r.Categories {
		row(c.Name, money(c.Revenue, cur), percent(c.Share), money(c.Previous, cur))
	}
	p("\n### Revenue by RFM segment\n\n")
	head("Segment", "Customers", "Revenue", "Share", "Previous")
	for _, c := range r.Segments {
		row(segmentLabel(c.Name), grouped(float64(c.Customers), 0), money(c.Revenue, cur), percent(c.Share), money(c.Previous, cur))
	}
	p("\n### Top products\n\n")
	head("Product", "Category", "Units", "Orders", "Goods sales")
	for _, t := range r.TopProducts {
		row(t.Name+" ("+t.ProductID+")", t.Category, grouped(float64(t.Units), 0), grouped(float64(t.Orders), 0), money(t.Revenue, cur))
	}

	p("\n## Trend and forecast\n\n")
	for _, f := range []*SeriesForecast{r.Trend.Revenue, r.Trend.Orders} {
		if f == nil {
			continue
		}
		unit := func(x float64) string { return grouped(x, 0) }
		if f.KPI == "revenue" {
			unit = func(x float64) string { return money(x, cur) }
		}
		p("Weekly %s, forecast by %s: %s over the next %d weeks.\n\n", f.KPI, f.Method, unit(f.NextTotal), len(f.Forecast))
		head("Week", "Forecast", "80% interval", "95% interval")
		for _, pt := range f.Forecast {
			row(pt.Week, unit(pt.Mean), unit(pt.Lo80)+" – "+unit(pt.Hi80), unit(pt.Lo95)+" – "+unit(pt.Hi95))
		}
		p("\n")
	}
	if len(r.Trend.Anomalies) == 0 {
		p("No week of the period fell outside its 95%% forecast interval.\n")
	} else {
		p("Weeks outside the 95%% interval of a forecast made before the period:\n\n")
		for _, a := range r.Trend.Anomalies {
			p("- %s\n", a.Text(cur))
		}
	}

	v := r.Value
	p("\n## Customers and value\n\n")
	p("%s customers have bought. Predicted value of current customers over the next %d weeks: %s; mean probability of being active %s.\n\n",
		grouped(float64(v.Customers), 0), v.CLVWeeks, money(v.TotalCLV, cur), percent(v.MeanPAlive))
	p("### RFM segments\n\n")
	head("Segment", "Customers", "Share", "Lifetime revenue", "Revenue share")
	for _, s := range v.Segments {
		row(segmentLabel(s.Name), grouped(float64(s.Customers), 0), percent(s.Share), money(s.Revenue, cur), percent(s.RevenueShare))
	}
	if len(v.Clusters) > 0 {
		p("\n### Clusters\n\n")
		for _, c := range v.Clusters {
			p("- **%s**: %s\n", c.Name, c.Description)
		}
	}
	customers := func(title string, list []CustomerValue) {
		if len(list) == 0 {
			return
		}
		p("\n### %s\n\n", title)
		head("Customer", "Segment", "Orders", "Spent", "Last order", "P(active)", "Predicted value")
		for _, c := range list {
			name := c.Name
			if name == "" {
				name = c.CustomerID
			}
			row(name, segmentLabel(c.Segment), grouped(float64(c.Orders), 0), money(c.Spent, cur),
				grouped(c.RecencyDays, 0)+" days ago", percent(c.PAlive), money(c.CLV, cur))
		}
	}
	customers("Most valuable customers (predicted)", v.TopCLV)
	customers(fmt.Sprintf("At-risk customers with the most value (all at risk: %s lifetime revenue)", money(v.AtRiskRevenue, cur)), v.AtRisk)

	p("\n## Retention by monthly cohort\n\n")
	if len(r.Cohorts.Months) > 0 {
		cells := []string{"Cohort", "Customers"}
		for k := range len(r.Cohorts.Retention[0]) {
			cells = append(cells, fmt.Sprintf("M%d", k))
		}
		head(cells...)
		for i, m := range r.Cohorts.Months {
			cells := []string{m, grouped(float64(r.Cohorts.Sizes[i]), 0)}
			for _, x := range r.Cohorts.Retention[i] {
				cells = append(cells, fmt.Sprintf("%.0f%%", 100*x))
			}
			row(cells...)
		}
	}

	p("\n## Conversion funnel\n\n")
	head("Stage", "Sessions", "Conversion", "Drop-off", "Customers", "Conversion", "Drop-off")
	for i := range r.Funnel.Sessions {
		s, c := r.Funnel.Sessions[i], r.Funnel.Customers[i]
		row(s.Stage, grouped(float64(s.Count), 0), percent(s.Conversion), percent(s.DropOff), grouped(float64(c.Count), 0), percent(c.Conversion), percent(c.DropOff))
	}

	s := r.Satisfaction
	p("\n## Satisfaction\n\n")
	p("- %d reviews, average rating %.2f (previous period %.2f); ratings 1–5: %v\n", s.Reviews, s.AverageRating, s.PreviousAverage, s.Distribution)
	p("- Net promoter score %+.0f from %d surveys (%d promoters, %d passives, %d detractors)\n", s.NPS, s.Surveys, s.Promoters, s.Passives, s.Detractors)
	p("- Review sentiment %+.2f on average; %s positive, %s negative\n", s.MeanSentiment, percent(s.PositiveShare), percent(s.NegativeShare))
	if len(s.Complaints) > 0 {
		terms := make([]string, len(s.Complaints))
		for i, t := range s.Complaints {
			terms[i] = fmt.Sprintf("%s (%d)", t.Term, t.Count)
		}
		p("- Most frequent complaint terms in 1–2 star reviews: %s\n", strings.Join(terms, ", "))
	}

	if wi := r.WhatIf; wi != nil {
		p("\n## What if\n\n")
		p("Next %d weeks, %d simulated futures (seed %d), gross margin %s. Mean (5th – 95th percentile).\n\n", wi.Options.Weeks, wi.Options.Runs, wi.Options.Seed, percent(wi.Options.Margin))
		head("Scenario", "Revenue", "Margin", "Margin gain", "ROI", "P(beats baseline)")
		row("Baseline", distRange(wi.Baseline.Revenue, cur), distRange(wi.Baseline.Margin, cur), "–", "–", "–")
		for _, o := range wi.Scenarios {
			roi := "–"
			if o.ROI != nil {
				roi = fmt.Sprintf("%.2f (%.2f – %.2f)", o.ROI.Mean, o.ROI.P5, o.ROI.P95)
			}
			row(o.Scenario.Name, distRange(o.Revenue, cur), distRange(o.Margin, cur), distRange(o.MarginGain, cur), roi, percent(o.PBeatsBaseline))
		}
		p("\nAssumptions:\n\n")
		for _, o := range wi.Scenarios {
			p("- %s: %s (%d customers targeted)\n", o.Scenario.Name, o.Assumptions, o.Targeted)
		}
		p("\nMethod: %s\n", wi.Method)
	}
	if len(r.Notes) > 0 {
		p("\n## Notes\n\n")
		for _, n := range r.Notes {
			p("- %s\n", n)
		}
	}
	return b.Flush()
}

// periodText names a period by its first and last day.
func periodText(p Period) string {
	return p.From.Format("2 Jan 2006") + " – " + p.To.Add(-time.Nanosecond).Format("2 Jan 2006")
}

// Text describes the anomaly in a sentence.
func (a Anomaly) Text(currency string) string {
	f := func(x float64) string { return grouped(x, 0) }
	if a.KPI == "revenue" {
		f = func(x float64) string { return money(x, currency) }
	}
	dir := "above"
	if a.Excess < 0 {
		dir = "below"
	}
	return fmt.Sprintf("week of %s: %s %s was %s the expected %s (95%% interval %s – %s), %+.0f%%",
		a.Week, a.KPI, f(a.Actual), dir, f(a.Expected), f(a.Lower), f(a.Upper), 100*a.Size)
}

// Headline sums up the period in a sentence: revenue, orders and customers
// and their change.
func (r *Report) Headline() string {
	var parts []string
	for _, k := range r.KPIs {
		switch k.Key {
		case "revenue", "orders", "active_customers":
			parts = append(parts, fmt.Sprintf("%s %s (%s)", strings.ToLower(k.Label), formatValue(k.Unit, k.Current, r.Currency), formatChange(k)))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	s := strings.Join(parts, ", ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}
