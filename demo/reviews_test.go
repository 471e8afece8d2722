package demo

import (
	"strings"
	"testing"

	"github.com/crmkit/crmkit/behavior"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lexiconScore is a minimal lexicon sentiment scorer of the kind the texts
// are written for: opinion words count ±1, an intensifier before one
// multiplies it by 1.5, a negation within the three words before flips it.
func lexiconScore(text string) float64 {
	positive := map[string]bool{"good": true, "great": true, "excellent": true, "love": true, "perfect": true, "perfectly": true,
		"happy": true, "nice": true, "recommend": true, "recommended": true, "comfortable": true, "wonderful": true, "lovely": true,
		"beautiful": true, "best": true, "value": true, "worth": true, "fun": true, "stylish": true, "useful": true, "solid": true,
		"sturdy": true, "reliable": true, "effective": true, "easy": true, "soft": true, "amazing": true, "well": true}
	negative := map[string]bool{"bad": true, "terrible": true, "awful": true, "poor": true, "disappointed": true, "broken": true,
		"broke": true, "late": true, "small": true, "tight": true, "cheap": true, "defective": true, "waste": true, "rash": true,
		"leaked": true, "missing": true, "torn": true, "boring": true, "scratched": true, "uncomfortable": true, "painful": true,
		"damaged": true, "stopped": true, "hassle": true, "slow": true, "never": true}
	intensifiers := map[string]bool{"very": true, "really": true, "absolutely": true, "extremely": true, "highly": true, "far": true, "too": true}
	negations := map[string]bool{"not": true, "don't": true, "didn't": true, "no": true}
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return r == ' ' || r == '.' || r == ',' || r == '!' })
	score := 0.0
	for i, w := range words {
		v := 0.0
		switch {
		case positive[w]:
			v = 1
		case negative[w]:
			v = -1
		default:
			continue
		}
		if i > 0 && intensifiers[words[i-1]] {
			v *= 1.5
		}
		for j := max(0, i-3); j < i; j++ {
			if negations[words[j]] {
				v = -v
			}
		}
		score += v
	}
	return score
}

func TestLexiconScorer(t *testing.T) {
	assert.Positive(t, lexiconScore("Really great!"))
	assert.Negative(t, lexiconScore("Not good."))
	assert.Negative(t, lexiconScore("Not worth the money."))
}

// TestReviewTextsReadAsTheirRating checks that a lexicon analyser reads the
// planted review texts the way their ratings say.
func TestReviewTextsReadAsTheirRating(t *testing.T) {
	s := shop(t)
	var agree, high, low, lowAgree int
	for _, e := range s.Events {
		if e.Kind != behavior.KindReview {
			continue
		}
		sc := lexiconScore(e.Text)
		switch {
		case e.Rating >= 4:
			high++
			if sc > 0 {
				agree++
			}
		case e.Rating <= 2:
			low++
			if sc < 0 {
				lowAgree++
			}
		}
	}
	require.Positive(t, high)
	require.Positive(t, low)
	t.Logf("lexicon agrees with %d of %d high and %d of %d low ratings", agree, high, lowAgree, low)
	assert.Greater(t, float64(agree)/float64(high), 0.9)
	assert.Greater(t, float64(lowAgree)/float64(low), 0.95)
}
