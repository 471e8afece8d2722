package insight_test

import (
	"math"
	"testing"

	"github.com/crmkit/crmkit/insight"
)

// TestSentimentRules checks each rule of Sentiment on texts whose raw sums
// are worked out by hand from the lexicon (good 2, great 3, bad −2,
// terrible −3, broken −2.5), intensifier 1.5 and negation −0.75.
func TestSentimentRules(t *testing.T) {
	cases := []struct {
		text string
		raw  float64
	}{
		{"", 0},
		{"The parcel came on Tuesday.", 0},
		{"good", 2},
		{"Very good", 3},                       // 2 × 1.5
		{"not good", -1.5},                     // 2 × −0.75
		{"not very good", -2.25},               // 2 × 1.5 × −0.75
		{"Good, not bad", 3.5},                 // 2 + (−2 × −0.75); the comma ends the negation's reach
		{"not great, but good", -0.25},         // −2.25 + 2
		{"not at all bad", 1.5},                // negation three words before "bad"
		{"I don't think it is bad", -2},        // four words before: out of reach
		{"don't buy it, it is bad", -2},        // the comma ends the negation
		{"Absolutely terrible and broken", -7}, // −3 × 1.5 − 2.5
		{"GREAT!!! Really really great", 9.75}, // 3 + 3 × 1.5 × 1.5
		{"It isn’t bad", 1.5},                  // typographic apostrophe
	}
	for _, c := range cases {
		want := c.raw / math.Sqrt(c.raw*c.raw+15)
		if got := insight.Sentiment(c.text); math.Abs(got-want) > 1e-12 {
			t.Errorf("Sentiment(%q) = %v, want %v (raw %v)", c.text, got, want, c.raw)
		}
	}
}

func TestSentimentBounded(t *testing.T) {
	long := ""
	for range 200 {
		long += "excellent "
	}
	if s := insight.Sentiment(long); s <= 0.99 || s >= 1 {
		t.Errorf("saturated score %v", s)
	}
}
