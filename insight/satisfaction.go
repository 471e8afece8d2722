package insight

import (
	"cmp"
	"slices"
	"time"

	"github.com/crmkit/crmkit/behavior"
)

// trendMonths is the number of months of the rating trend.
const trendMonths = 12

// satisfactionCounter accumulates reviews and surveys.
type satisfactionCounter struct {
	p, prev         Period
	firstMonth      time.Time
	monthSum        []float64
	monthN          []int
	s               Satisfaction
	ratingSum       float64
	prevSum         float64
	prevN           int
	sentSum         float64
	sentByRating    [5]float64
	positive, negat int
	complaints      map[string]int
}

func newSatisfactionCounter(p Period) *satisfactionCounter {
	last := monthStart(p.To.Add(-time.Nanosecond))
	return &satisfactionCounter{
		p: p, prev: p.Previous(),
		firstMonth: last.AddDate(0, -(trendMonths - 1), 0),
		monthSum:   make([]float64, trendMonths),
		monthN:     make([]int, trendMonths),
		complaints: map[string]int{},
	}
}

// since is the earliest time the counter needs events from.
func (c *satisfactionCounter) since() time.Time {
	if c.prev.From.Before(c.firstMonth) {
		return c.prev.From
	}
	return c.firstMonth
}

// add records one review or survey event; others are ignored.
func (c *satisfactionCounter) add(e *behavior.Event) {
	switch e.Kind {
	case behavior.KindReview:
		if e.Rating < 1 || e.Rating > 5 {
			return
		}
		if k := monthsBetween(c.firstMonth, e.At); k >= 0 && k < trendMonths && e.At.Before(c.p.To) {
			c.monthSum[k] += float64(e.Rating)
			c.monthN[k]++
		}
		if c.prev.Contains(e.At) {
			c.prevSum += float64(e.Rating)
			c.prevN++
		}
		if !c.p.Contains(e.At) {
			return
		}
		c.s.Reviews++
		c.s.Distribution[e.Rating-1]++
		c.ratingSum += float64(e.Rating)
		sent := Sentiment(e.Text)
		c.sentSum += sent
		c.sentByRating[e.Rating-1] += sent
		switch {
		case sent > 0.05:
			c.positive++
		case sent < -0.05:
			c.negat++
		}
		if e.Rating <= 2 {
			complaintTerms(c.complaints, e.Text)
		}
	case behavior.KindSurvey:
		if e.Score == nil || !c.p.Contains(e.At) {
			return
		}
		c.s.Surveys++
		switch sc := *e.Score; {
		case sc >= 9:
			c.s.Promoters++
		case sc >= 7:
			c.s.Passives++
		default:
			c.s.Detractors++
		}
	}
}

// result finishes the summary; complaints lists the top n terms.
func (c *satisfactionCounter) result(n int) Satisfaction {
	s := c.s
	s.AverageRating = ratio(c.ratingSum, float64(s.Reviews))
	s.PreviousAverage = ratio(c.prevSum, float64(c.prevN))
	s.MeanSentiment = ratio(c.sentSum, float64(s.Reviews))
	s.PositiveShare = ratio(float64(c.positive), float64(s.Reviews))
	s.NegativeShare = ratio(float64(c.negat), float64(s.Reviews))
	for i := range 5 {
		s.SentimentByRating[i] = ratio(c.sentByRating[i], float64(s.Distribution[i]))
	}
	s.NPS = 100 * ratio(float64(s.Promoters-s.Detractors), float64(s.Surveys))
	for k := range trendMonths {
		s.Trend = append(s.Trend, RatingMonth{
			Month:   c.firstMonth.AddDate(0, k, 0).Format("2006-01"),
			Reviews: c.monthN[k],
			Average: ratio(c.monthSum[k], float64(c.monthN[k])),
		})
	}
	s.Complaints = topTerms(c.complaints, n)
	return s
}

// topTerms returns the n most frequent terms, ties by the term.
func topTerms(counts map[string]int, n int) []Term {
	out := make([]Term, 0, len(counts))
	for t, k := range counts {
		out = append(out, Term{t, k})
	}
	slices.SortFunc(out, func(a, b Term) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return cmp.Compare(a.Term, b.Term)
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}
