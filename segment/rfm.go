package segment

import (
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/google/uuid"
)

// RFMOptions configures RFM scoring. The zero value scores 1–5 as of the day
// after the latest order with the DefaultRules.
type RFMOptions struct {
	// AsOf is the moment recency is measured from; zero means the start of
	// the day (UTC) after the latest order in the records.
	AsOf time.Time
	// Bins is the number of score levels (2–100); zero means 5.
	Bins int
	// Rules names the segments; nil means DefaultRules. They are tried in
	// order and the first match wins; a score no rule matches is labelled
	// SegmentOther.
	Rules []Rule
}

// Score is one customer's RFM result: the raw values and their scores,
// 1 (worst) to Bins (best), and the named segment.
type Score struct {
	CustomerID uuid.UUID `json:"customer_id"`
	// RecencyDays is the time from the last order to AsOf, in days.
	RecencyDays float64 `json:"recency_days"`
	Frequency   int     `json:"frequency"`
	Monetary    float64 `json:"monetary"`
	R           int     `json:"r"`
	F           int     `json:"f"`
	M           int     `json:"m"`
	Segment     string  `json:"segment"`
}

// Bin describes one score level of one dimension after scoring: the range
// of raw values that received it and how many customers did. Count is zero
// when ties left the level unused; RFMResult reports such levels so that a
// collapse never goes unnoticed.
type Bin struct {
	Score int     `json:"score"`
	Min   float64 `json:"min"`
	Max   float64 `json:"max"`
	Count int     `json:"count"`
}

// RFMResult holds the scores in input order and, per dimension, the bins
// that were actually formed.
type RFMResult struct {
	AsOf      time.Time `json:"as_of"`
	Scores    []Score   `json:"scores"`
	Recency   []Bin     `json:"recency_bins"`
	Frequency []Bin     `json:"frequency_bins"`
	Monetary  []Bin     `json:"monetary_bins"`
}

// EmptyBins returns the number of unused score levels per dimension (R, F,
// M): levels that no customer received because of ties.
func (r *RFMResult) EmptyBins() (rEmpty, fEmpty, mEmpty int) {
	count := func(bs []Bin) int {
		n := 0
		for _, b := range bs {
			if b.Count == 0 {
				n++
			}
		}
		return n
	}
	return count(r.Recency), count(r.Frequency), count(r.Monetary)
}

// SegmentSizes counts customers per segment name.
func (r *RFMResult) SegmentSizes() map[string]int {
	m := map[string]int{}
	for _, s := range r.Scores {
		m[s.Segment]++
	}
	return m
}

// RFM scores every record by recency, frequency and monetary value.
//
// Scores are quantile ranks: a value's score is 1 + ⌊p·Bins⌋ where p is the
// fraction of values strictly below it. Equal values therefore always get
// equal scores, distinct values keep their order, the lowest value always
// scores 1 (so one-time buyers have F = 1), and with no ties the levels hold
// equal counts (±1). Ties can leave
// a level empty; the result's bins show it (see RFMResult.EmptyBins) rather
// than renumbering the levels. Recency is reversed: the most recent
// customers score Bins.
//
// It returns an *InputError for a bad option, a negative frequency, a
// non-finite or negative monetary value, or a last order after AsOf, and
// ErrNoData for no records.
func RFM(records []Record, opt RFMOptions) (*RFMResult, error) {
	if len(records) == 0 {
		return nil, ErrNoData
	}
	bins := opt.Bins
	if bins == 0 {
		bins = 5
	}
	if bins < 2 || bins > 100 {
		return nil, invalid("options.bins", opt.Bins, "must be between 2 and 100")
	}
	rules := opt.Rules
	if rules == nil {
		rules = DefaultRules()
	}
	for i, rl := range rules {
		if err := rl.validate(i, bins); err != nil {
			return nil, err
		}
	}
	asOf := opt.AsOf
	if asOf.IsZero() {
		var last time.Time
		for _, r := range records {
			if r.LastOrder.After(last) {
				last = r.LastOrder
			}
		}
		asOf = last.UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)
	}
	n := len(records)
	rec := make([]float64, n)
	freq := make([]float64, n)
	mon := make([]float64, n)
	for i, r := range records {
		switch {
		case r.Frequency < 0:
			return nil, invalid(fieldAt("records", i, "frequency"), r.Frequency, "must not be negative")
		case math.IsNaN(r.Monetary) || math.IsInf(r.Monetary, 0):
			return nil, invalid(fieldAt("records", i, "monetary"), r.Monetary, "must be finite")
		case r.LastOrder.After(asOf):
			return nil, invalid(fieldAt("records", i, "last_order"), r.LastOrder, "after the as-of time")
		}
		rec[i] = asOf.Sub(r.LastOrder).Hours() / 24
		freq[i] = float64(r.Frequency)
		mon[i] = r.Monetary
	}
	res := &RFMResult{AsOf: asOf, Scores: make([]Score, n)}
	// Negated recency makes "more recent" rank higher, so all three
	// dimensions score best at Bins.
	negRec := make([]float64, n)
	for i, v := range rec {
		negRec[i] = -v
	}
	rs, rBins := QuantileScores(negRec, bins)
	fs, fBins := QuantileScores(freq, bins)
	ms, mBins := QuantileScores(mon, bins)
	for i := range rBins {
		rBins[i].Min, rBins[i].Max = -rBins[i].Max, -rBins[i].Min
	}
	res.Recency, res.Frequency, res.Monetary = rBins, fBins, mBins
	for i, r := range records {
		s := Score{CustomerID: r.CustomerID, RecencyDays: rec[i], Frequency: r.Frequency,
			Monetary: r.Monetary, R: rs[i], F: fs[i], M: ms[i]}
		s.Segment = Classify(rules, s.R, s.F, s.M)
		res.Scores[i] = s
	}
	return res, nil
}

// QuantileScores gives each value a score 1..bins by its rank fraction
// (see RFM), higher values scoring higher, and describes the bins formed.
// It panics if bins < 1; values must not be NaN.
func QuantileScores(values []float64, bins int) ([]int, []Bin) {
	if bins < 1 {
		panic("segment: QuantileScores with bins < 1")
	}
	n := len(values)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case values[a] < values[b]:
			return -1
		case values[a] > values[b]:
			return 1
		}
		return 0
	})
	scores := make([]int, n)
	out := make([]Bin, bins)
	for b := range out {
		out[b].Score = b + 1
		out[b].Min, out[b].Max = math.NaN(), math.NaN()
	}
	for lo := 0; lo < n; {
		hi := lo
		for hi < n && values[idx[hi]] == values[idx[lo]] {
			hi++
		}
		// The whole tie group [lo, hi) takes the rank fraction of its
		// first member, so ties never split across levels.
		s := 1 + lo*bins/n
		v := values[idx[lo]]
		b := &out[s-1]
		if b.Count == 0 {
			b.Min = v
		}
		b.Max = v
		b.Count += hi - lo
		for _, j := range idx[lo:hi] {
			scores[j] = s
		}
		lo = hi
	}
	// Empty levels carry zero bounds rather than NaN so results marshal.
	for b := range out {
		if out[b].Count == 0 {
			out[b].Min, out[b].Max = 0, 0
		}
	}
	return scores, out
}

func fieldAt(list string, i int, field string) string {
	return list + "[" + strconv.Itoa(i) + "]." + field
}
