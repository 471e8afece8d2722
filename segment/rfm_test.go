package segment

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestQuantileScoresTiesShareAScore(t *testing.T) {
	// Ten values, five levels. Rank fractions (values below / 10):
	// 1→0 (score 1), 2→.4 (3), 3→.6 (4), 4→.7 (4), 5→.8 (5), 8→.9 (5).
	// The four tied 1s cannot split, so level 2 stays empty and is reported.
	vals := []float64{2, 1, 8, 1, 3, 1, 5, 2, 4, 1}
	scores, bins := QuantileScores(vals, 5)
	assert.Equal(t, []int{3, 1, 5, 1, 4, 1, 5, 3, 4, 1}, scores)
	assert.Equal(t, []Bin{
		{Score: 1, Min: 1, Max: 1, Count: 4},
		{Score: 2},
		{Score: 3, Min: 2, Max: 2, Count: 2},
		{Score: 4, Min: 3, Max: 4, Count: 2},
		{Score: 5, Min: 5, Max: 8, Count: 2},
	}, bins)
}

func TestQuantileScoresNoTiesEqualCounts(t *testing.T) {
	vals := make([]float64, 23)
	for i := range vals {
		vals[i] = float64((i * 7) % 23) // a permutation of 0..22
	}
	_, bins := QuantileScores(vals, 5)
	for _, b := range bins {
		assert.InDelta(t, 23.0/5, b.Count, 1, "level %d", b.Score)
	}
	// All equal: everybody in level 1, never spread arbitrarily.
	s, _ := QuantileScores([]float64{7, 7, 7}, 4)
	assert.Equal(t, []int{1, 1, 1}, s)
}

func TestRFMHandWorked(t *testing.T) {
	asOf := time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	// Five customers, five levels: every dimension a permutation, so each
	// customer's scores can be read off by rank.
	recs := []Record{
		{CustomerID: id(1), Frequency: 10, LastOrder: asOf.Add(-2 * day), Monetary: 900},   // R5 F5 M4
		{CustomerID: id(2), Frequency: 6, LastOrder: asOf.Add(-300 * day), Monetary: 1000}, // R1 F4 M5
		{CustomerID: id(3), Frequency: 1, LastOrder: asOf.Add(-5 * day), Monetary: 20},     // R4 F1 M1
		{CustomerID: id(4), Frequency: 2, LastOrder: asOf.Add(-200 * day), Monetary: 60},   // R2 F2 M2
		{CustomerID: id(5), Frequency: 3, LastOrder: asOf.Add(-40 * day), Monetary: 300},   // R3 F3 M3
	}
	res, err := RFM(recs, RFMOptions{AsOf: asOf})
	require.NoError(t, err)
	got := [][3]int{}
	segs := []string{}
	for _, s := range res.Scores {
		got = append(got, [3]int{s.R, s.F, s.M})
		segs = append(segs, s.Segment)
	}
	// Monetary ranks: 20<60<300<900<1000 → 1,2,3,4,5.
	assert.Equal(t, [][3]int{{5, 5, 4}, {1, 4, 5}, {4, 1, 1}, {2, 2, 2}, {3, 3, 3}}, got)
	assert.Equal(t, []string{SegmentChampions, SegmentCantLose, SegmentNew, SegmentNeedAttention, SegmentLoyal}, segs)
	assert.InDelta(t, 300.0, res.Scores[1].RecencyDays, 1e-9)
	r, f, m := res.EmptyBins()
	assert.Equal(t, [3]int{0, 0, 0}, [3]int{r, f, m})
	assert.Equal(t, 1, res.SegmentSizes()[SegmentChampions])
	// Recency bins are in days and reversed: level 5 holds the 2-day customer.
	assert.Equal(t, Bin{Score: 5, Min: 2, Max: 2, Count: 1}, res.Recency[4])
}

func TestRFMDefaultAsOfIsDayAfterLastOrder(t *testing.T) {
	last := time.Date(2024, 3, 9, 15, 30, 0, 0, time.UTC)
	res, err := RFM([]Record{{CustomerID: id(1), Frequency: 1, LastOrder: last, Monetary: 5}}, RFMOptions{})
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 3, 10, 0, 0, 0, 0, time.UTC), res.AsOf)
	assert.InDelta(t, 8.5/24, res.Scores[0].RecencyDays, 1e-12)
}

func TestDefaultRulesCoverEveryScoreOnce(t *testing.T) {
	rules := DefaultRules()
	seen := map[string]int{}
	for r := 1; r <= 5; r++ {
		for f := 1; f <= 5; f++ {
			for m := 1; m <= 5; m++ {
				name := Classify(rules, r, f, m)
				require.NotEqual(t, SegmentOther, name, "R%d F%d M%d", r, f, m)
				seen[name]++
			}
		}
	}
	assert.Len(t, seen, 11, "all eleven segments reachable")
}

func TestRFMCustomRulesAndBins(t *testing.T) {
	recs := []Record{}
	for i := range 9 {
		recs = append(recs, Record{CustomerID: id(i), Frequency: i + 1, LastOrder: time.Date(2024, 1, 1+i, 0, 0, 0, 0, time.UTC), Monetary: float64(10 * (i + 1))})
	}
	rules := []Rule{{Name: "top", F: Range{3, 3}}, {Name: "rest"}}
	res, err := RFM(recs, RFMOptions{Bins: 3, Rules: rules})
	require.NoError(t, err)
	sizes := res.SegmentSizes()
	assert.Equal(t, map[string]int{"top": 3, "rest": 6}, sizes)
}

func TestRFMRejectsBadInput(t *testing.T) {
	asOf := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	_, err := RFM(nil, RFMOptions{})
	assert.ErrorIs(t, err, ErrNoData)
	var ie *InputError
	_, err = RFM([]Record{{Monetary: math.NaN(), LastOrder: asOf}}, RFMOptions{AsOf: asOf})
	require.True(t, errors.As(err, &ie))
	assert.Equal(t, "records[0].monetary", ie.Field)
	_, err = RFM([]Record{{LastOrder: asOf.Add(time.Hour)}}, RFMOptions{AsOf: asOf})
	require.True(t, errors.As(err, &ie))
	assert.Equal(t, "records[0].last_order", ie.Field)
	_, err = RFM([]Record{{LastOrder: asOf}}, RFMOptions{AsOf: asOf, Bins: 1})
	require.True(t, errors.As(err, &ie))
	assert.Equal(t, "options.bins", ie.Field)
	_, err = RFM([]Record{{LastOrder: asOf}}, RFMOptions{AsOf: asOf, Rules: []Rule{{Name: "x", R: Range{0, 9}}}})
	require.True(t, errors.As(err, &ie))
	assert.Equal(t, "options.rules[0].r", ie.Field)
}

func id(i int) uuid.UUID {
	var u uuid.UUID
	u[15] = byte(i)
	u[14] = byte(i >> 8)
	return u
}
