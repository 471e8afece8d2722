package insight

import "time"

// SchemaVersion is the version of the JSON schema of Report; it changes only
// when a field is renamed or removed or its meaning changes.
const SchemaVersion = 1

// Report is everything Build found about a shop: a plain value that
// marshals to the documented JSON schema and renders as Markdown and HTML.
type Report struct {
	SchemaVersion int       `json:"schema_version"`
	Title         string    `json:"title"`
	Currency      string    `json:"currency"`
	GeneratedAt   time.Time `json:"generated_at"` // the end of the period, so output is reproducible
	Period        Period    `json:"period"`
	Previous      Period    `json:"previous_period"`

	KPIs         []KPI         `json:"kpis"`
	Categories   []Breakdown   `json:"revenue_by_category"`
	Segments     []Breakdown   `json:"revenue_by_segment"`
	TopProducts  []ProductSale `json:"top_products"`
	Cohorts      Cohorts       `json:"cohorts"`
	Funnel       Funnel        `json:"funnel"`
	Satisfaction Satisfaction  `json:"satisfaction"`
	Trend        Trend         `json:"trend"`
	Value        Value         `json:"value"`
	WhatIf       *WhatIf       `json:"what_if,omitempty"`
	// Notes explain the parts that could not be computed (too little data).
	Notes []string `json:"notes,omitempty"`
}

// KPI is one indicator for the period with its value in the previous period.
type KPI struct {
	Key      string  `json:"key"`   // stable identifier, e.g. "revenue"
	Label    string  `json:"label"` // for people, e.g. "Revenue"
	Unit     string  `json:"unit"`  // "currency", "count", "ratio"
	Current  float64 `json:"current"`
	Previous float64 `json:"previous"`
	// Change is Current − Previous; ChangeRatio is Change / Previous, absent
	// when Previous is zero.
	Change      float64  `json:"change"`
	ChangeRatio *float64 `json:"change_ratio,omitempty"`
}

// Breakdown is revenue of one group (a category, a segment) in the period
// and the previous one.
type Breakdown struct {
	Name     string  `json:"name"`
	Revenue  float64 `json:"revenue"`
	Previous float64 `json:"previous"`
	Share    float64 `json:"share"` // of the period's revenue
	// Customers is the number of customers in the group (segments only).
	Customers int `json:"customers,omitempty"`
}

// ProductSale is one product's sales in the period.
type ProductSale struct {
	ProductID string  `json:"product_id"`
	Name      string  `json:"name"`
	Category  string  `json:"category"`
	Units     int     `json:"units"`
	Revenue   float64 `json:"revenue"`
	Orders    int     `json:"orders"`
}

// Cohorts is retention by monthly acquisition cohort: Retention[i][k] is the
// share of cohort i's customers who ordered in the k-th month after their
// first (k = 0 is the month of the first order, always 1).
type Cohorts struct {
	Months    []string    `json:"months"` // "2006-01" of each cohort
	Sizes     []int       `json:"sizes"`
	Retention [][]float64 `json:"retention"` // ragged: only months before the period's end
}

// FunnelStage is one step of the conversion funnel.
type FunnelStage struct {
	Stage string `json:"stage"` // "view", "cart", "purchase"
	Count int    `json:"count"`
	// Conversion is Count over the first stage's count; DropOff is the share
	// of the previous stage that did not reach this one (0 for the first).
	Conversion float64 `json:"conversion"`
	DropOff    float64 `json:"drop_off"`
}

// Funnel is the view → cart → purchase funnel of the period, counted over
// sessions and over identified customers. A session or customer reaches a
// stage when it has an event of that stage and of every earlier one.
type Funnel struct {
	Sessions  []FunnelStage `json:"sessions"`
	Customers []FunnelStage `json:"customers"`
}

// RatingMonth is the review average of one calendar month.
type RatingMonth struct {
	Month   string  `json:"month"` // "2006-01"
	Reviews int     `json:"reviews"`
	Average float64 `json:"average"`
}

// Term is a word and how often it occurs.
type Term struct {
	Term  string `json:"term"`
	Count int    `json:"count"`
}

// Satisfaction summarises reviews (ratings 1–5 and their text) and net
// promoter surveys (scores 0–10) of the period.
type Satisfaction struct {
	Reviews         int     `json:"reviews"`
	AverageRating   float64 `json:"average_rating"`
	PreviousAverage float64 `json:"previous_average_rating"`
	// Distribution[i] counts ratings of i+1 stars.
	Distribution [5]int        `json:"distribution"`
	Trend        []RatingMonth `json:"trend"` // the last 12 months
	// Surveys is the number of survey answers; NPS is the percentage of
	// promoters (9–10) less the percentage of detractors (0–6), −100..100.
	Surveys    int     `json:"surveys"`
	Promoters  int     `json:"promoters"`
	Passives   int     `json:"passives"`
	Detractors int     `json:"detractors"`
	NPS        float64 `json:"nps"`
	// Sentiment of the review texts (see Sentiment): the mean compound score,
	// the shares positive (> 0.05) and negative (< −0.05), and the mean per
	// star rating.
	MeanSentiment     float64    `json:"mean_sentiment"`
	PositiveShare     float64    `json:"positive_share"`
	NegativeShare     float64    `json:"negative_share"`
	SentimentByRating [5]float64 `json:"sentiment_by_rating"`
	// Complaints are the most frequent terms of reviews rated 1 or 2.
	Complaints []Term `json:"complaints"`
}

// TrendPoint is one week of a series with, for forecasts, its intervals.
type TrendPoint struct {
	Week   string  `json:"week"` // Monday of the week, "2006-01-02"
	Actual float64 `json:"actual,omitempty"`
	Mean   float64 `json:"mean,omitempty"`
	Lo80   float64 `json:"lo80,omitempty"`
	Hi80   float64 `json:"hi80,omitempty"`
	Lo95   float64 `json:"lo95,omitempty"`
	Hi95   float64 `json:"hi95,omitempty"`
}

// Anomaly is a week of the period whose actual value fell outside the 95%
// interval of the forecast made from the weeks before the period.
type Anomaly struct {
	KPI      string  `json:"kpi"` // "revenue" or "orders"
	Week     string  `json:"week"`
	Actual   float64 `json:"actual"`
	Expected float64 `json:"expected"`
	Lower    float64 `json:"lower"`
	Upper    float64 `json:"upper"`
	// Excess is how far the actual lies beyond the nearer bound (negative
	// below the interval); Size is Actual/Expected − 1.
	Excess float64 `json:"excess"`
	Size   float64 `json:"size"`
}

// SeriesForecast is a weekly series with its recent history and forecast.
type SeriesForecast struct {
	KPI      string       `json:"kpi"`
	Method   string       `json:"method"`
	History  []TrendPoint `json:"history"`  // up to 52 weeks before the period's end
	Forecast []TrendPoint `json:"forecast"` // the weeks after it
	// NextTotal is the sum of the forecast means over the horizon.
	NextTotal float64 `json:"next_total"`
}

// Trend holds the weekly revenue and order forecasts and the anomalies of
// the period.
type Trend struct {
	Revenue   *SeriesForecast `json:"revenue,omitempty"`
	Orders    *SeriesForecast `json:"orders,omitempty"`
	Anomalies []Anomaly       `json:"anomalies"`
}

// SegmentShare is one RFM segment or cluster.
type SegmentShare struct {
	Name         string  `json:"name"`
	Customers    int     `json:"customers"`
	Share        float64 `json:"share"`         // of customers
	Revenue      float64 `json:"revenue"`       // lifetime net revenue of its members
	RevenueShare float64 `json:"revenue_share"` // of all customers' lifetime revenue
	Description  string  `json:"description,omitempty"`
}

// CustomerValue is one customer in the value lists.
type CustomerValue struct {
	CustomerID  string  `json:"customer_id"`
	Name        string  `json:"name,omitempty"`
	Email       string  `json:"email,omitempty"`
	Segment     string  `json:"segment"`
	Orders      int     `json:"orders"`
	Spent       float64 `json:"spent"` // lifetime net revenue
	RecencyDays float64 `json:"recency_days"`
	PAlive      float64 `json:"p_alive"`
	CLV         float64 `json:"clv"`
}

// Value holds who the customers are and what they are worth.
type Value struct {
	Customers int            `json:"customers"` // with at least one sale
	Segments  []SegmentShare `json:"rfm_segments"`
	Clusters  []SegmentShare `json:"clusters"`
	// CLV is the predicted value of all current customers over CLVWeeks
	// (BG/NBD purchases × Gamma-Gamma spend), with the model parameters.
	CLVWeeks   int             `json:"clv_weeks"`
	TotalCLV   float64         `json:"total_clv"`
	MeanPAlive float64         `json:"mean_p_alive"`
	BGNBD      map[string]any  `json:"bgnbd,omitempty"`
	GammaGamma map[string]any  `json:"gamma_gamma,omitempty"`
	TopCLV     []CustomerValue `json:"top_clv"`
	// AtRisk are customers of the at_risk and cant_lose RFM segments with
	// the highest lifetime revenue.
	AtRisk        []CustomerValue `json:"at_risk"`
	AtRiskRevenue float64         `json:"at_risk_revenue"` // lifetime revenue of every at-risk customer
}
