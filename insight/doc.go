// Package insight turns a store into a report a manager wants to read: the
// shop's vital signs for a period against the period before, retention by
// acquisition cohort, the conversion funnel, satisfaction and review
// sentiment, the revenue trend with its forecast and the weeks that broke
// out of it, who the valuable and at-risk customers are, and what-if
// scenarios simulated before any money is spent.
//
//	r, err := insight.Build(ctx, st, insight.Options{Period: insight.Period{From: q3, To: q4}})
//	err = r.WriteHTML(w) // or WriteJSON, WriteMarkdown; insight.WriteFile(ctx, st, "report.html", opts)
//
// insight composes the engines — forecast (weekly revenue and orders, with
// 80% and 95% intervals), segment (RFM segments, k-means clusters), clv
// (BG/NBD and Gamma-Gamma lifetime value) — over one scan of the store's
// orders, products and behaviour events. Its own numeric parts are plain
// functions: Sentiment (a documented lexicon analyser with negation and
// intensifiers) and Simulate (the Monte Carlo what-if engine).
//
// # Definitions
//
// Sales are orders that count (order.Order.Counts: not pending, not
// cancelled). Revenue is net of refunds (order.Order.Revenue); category and
// product figures are goods sales (line subtotals before refunds, without
// shipping and tax). A customer is new in a period when their first sale
// falls in it; the repeat purchase rate is the share of the period's
// customers with two or more sales by its end; a customer is active at a
// moment when they bought in the ChurnWindow before it, and the churn rate is
// the share of customers active at the period's start who are no longer
// active at its end. The refund rate is the share of the period's orders
// with money refunded. The net promoter score is the percentage of survey
// scores 9–10 less the percentage of 0–6.
//
// # JSON schema
//
// Report.WriteJSON writes the Report struct; each field's json tag is its
// name in the schema and each field's comment its meaning. SchemaVersion
// (the "schema_version" key, now 1) changes when a field is renamed or
// removed or changes meaning; new fields may be added within a version.
// Money is in Report.Currency, rounded to cents; ratios are fractions (0.25
// for 25%); times are RFC 3339 in UTC; weeks start on Monday and are named by
// that day ("2006-01-02"), months as "2006-01".
//
// # What-if simulation
//
// A Scenario states its assumptions as numbers (a discount and the uplift in
// purchase rate it is assumed to bring, a churn reduction, a price rise and
// the price elasticity, a cost per targeted customer). Simulate draws many
// futures of every current customer from the fitted BG/NBD and Gamma-Gamma
// models, adds new customers' revenue from the revenue forecast, and applies
// each scenario to the same draws as the baseline; the report gives revenue,
// margin, margin gain and ROI as mean, 5th, 50th and 95th percentiles, and
// the probability that the scenario beats the baseline. It is seeded and
// gives the same result on any number of CPUs.
//
// Build, Simulate and the rendering methods are safe for concurrent use on
// distinct values; a Report is a plain value.
package insight
