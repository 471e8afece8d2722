package insight

import (
	"math"
	"strings"
	"unicode"
)

// Sentiment scores a text from −1 (very negative) to 1 (very positive) with
// a small lexicon written for shop reviews. The rules:
//
//   - Text is lower-cased and split into words (letters, digits and
//     apostrophes); '.', ',', ';', '!', '?' and the word "but" end a clause.
//   - Each lexicon word contributes its valence (−3..3).
//   - An intensifier ("very", "really", "absolutely", ...) right before an
//     opinion word multiplies it by 1.5; a softener ("slightly", "somewhat",
//     "bit", ...) by 0.5. Two in a row multiply twice.
//   - A negation ("not", "never", "don't", "no", ...) up to three words
//     before an opinion word in the same clause flips it and damps it:
//     multiplied by −0.75 ("not good" is less bad than "bad").
//   - The sum s is mapped into (−1, 1) by s/√(s²+15), so one strong word
//     gives about ±0.6 and the score saturates slowly.
//
// Sentiment is a pure function, safe for concurrent use.
func Sentiment(text string) float64 {
	s := rawSentiment(tokens(text))
	return s / math.Sqrt(s*s+15)
}

// rawSentiment is the unnormalised sum of the rules above.
func rawSentiment(toks []string) float64 {
	sum := 0.0
	clauseStart := 0
	for i, w := range toks {
		if isClauseBreak(w) {
			clauseStart = i + 1
			continue
		}
		e, ok := lexicon[w]
		if !ok {
			continue
		}
		v := e.valence
		for j := i - 1; j >= clauseStart; j-- {
			m, ok := modifiers[toks[j]]
			if !ok {
				break
			}
			v *= m
		}
		for j := i - 1; j >= clauseStart && j >= i-3; j-- {
			if negations[toks[j]] {
				v *= -0.75
				break
			}
		}
		sum += v
	}
	return sum
}

// tokens lower-cases text and splits it into words and clause marks.
func tokens(text string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for _, r := range strings.ToLower(text) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’':
			if r == '’' {
				r = '\''
			}
			b.WriteRune(r)
		case strings.ContainsRune(".,;!?", r):
			flush()
			out = append(out, string(r))
		default:
			flush()
		}
	}
	flush()
	return out
}

func isClauseBreak(w string) bool {
	return w == "." || w == "," || w == ";" || w == "!" || w == "?" || w == "but"
}

// lexiconEntry is a word's valence; generic marks opinion words that say
// how, not what, so complaint terms leave them out.
type lexiconEntry struct {
	valence float64
	generic bool
}

// lexicon holds opinion words (generic) and words naming what went well or
// wrong (not generic), with valences from −3 to 3.
var lexicon = map[string]lexiconEntry{
	// generic positive
	"good": {2, true}, "great": {3, true}, "excellent": {3, true}, "perfect": {3, true},
	"perfectly": {2.5, true}, "love": {3, true}, "loved": {3, true}, "lovely": {2.5, true},
	"nice": {2, true}, "happy": {2, true}, "recommend": {2, true}, "recommended": {2, true},
	"best": {3, true}, "wonderful": {3, true}, "beautiful": {2.5, true}, "beautifully": {2.5, true},
	"well": {1, true}, "fine": {1, true}, "decent": {1, true}, "okay": {0.5, true}, "ok": {0.5, true},
	"worth": {1.5, true}, "amazing": {3, true}, "fantastic": {3, true}, "pleased": {2, true},
	"satisfied": {2, true}, "stylish": {2, true}, "useful": {2, true}, "fun": {2, true},
	"enjoy": {2, true}, "enjoyed": {2, true}, "definitely": {0.5, true}, "value": {1, true},
	"quality": {0.5, true}, "awesome": {3, true}, "superb": {3, true},
	// specific positive
	"comfortable": {2, false}, "soft": {1, false}, "sturdy": {2, false}, "reliable": {2, false},
	"solid": {1.5, false}, "fast": {1.5, false}, "quick": {1.5, false}, "easy": {1.5, false},
	"effective": {2, false}, "gentle": {1, false}, "fits": {1, false}, "works": {1, false},
	// generic negative
	"bad": {-2, true}, "terrible": {-3, true}, "awful": {-3, true}, "horrible": {-3, true},
	"poor": {-2, true}, "disappointed": {-2, true}, "disappointing": {-2, true}, "worst": {-3, true},
	"waste": {-2.5, true}, "hate": {-3, true}, "unhappy": {-2, true}, "useless": {-2.5, true},
	"mixed": {-0.5, true}, "boring": {-1.5, true}, "annoying": {-2, true}, "hassle": {-1.5, true},
	"regret": {-2, true}, "never": {-1, true}, "problem": {-1.5, true}, "problems": {-1.5, true},
	"complaint": {-1.5, true},
	// specific negative: what went wrong
	"broken": {-2.5, false}, "broke": {-2.5, false}, "late": {-1.5, false}, "slow": {-1.5, false},
	"cheap": {-1.5, false}, "defective": {-2.5, false}, "damaged": {-2.5, false}, "missing": {-2, false},
	"scratched": {-2, false}, "leaked": {-2, false}, "torn": {-2, false}, "tight": {-1, false},
	"small": {-0.5, false}, "uncomfortable": {-2, false}, "painful": {-2.5, false}, "rash": {-2, false},
	"apart": {-1.5, false}, "stopped": {-1.5, false}, "lost": {-2, false}, "wrong": {-2, false},
	"badly": {-2, false}, "chemicals": {-1, false}, "smells": {-0.5, false}, "faulty": {-2.5, false},
	"expensive": {-1, false}, "overpriced": {-2, false}, "rude": {-2.5, false}, "delayed": {-1.5, false},
}

// modifiers scale the opinion word that follows them.
var modifiers = map[string]float64{
	"very": 1.5, "really": 1.5, "absolutely": 1.5, "extremely": 1.5, "highly": 1.5,
	"so": 1.5, "totally": 1.5, "completely": 1.5, "incredibly": 1.5, "truly": 1.5,
	"super": 1.5, "too": 1.5, "far": 1.5, "quite": 1.2, "pretty": 1.2,
	"slightly": 0.5, "somewhat": 0.5, "bit": 0.5, "little": 0.5, "fairly": 0.8,
}

// negations flip an opinion word up to three words after them.
var negations = map[string]bool{
	"not": true, "no": true, "never": true, "don't": true, "dont": true, "doesn't": true,
	"didn't": true, "isn't": true, "wasn't": true, "won't": true, "wouldn't": true,
	"can't": true, "cannot": true, "couldn't": true, "aren't": true, "nothing": true,
	"hardly": true, "without": true, "nor": true, "neither": true,
}

// stopwords are left out of complaint terms.
var stopwords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the and or of to in on at for with from by it its it's is was
		were be been are am i i'm me my we our you your they them this that these those as after
		before so then than just also after day days one two hour week would could should will do does
		did did have has had buy bought again it's item product sent back returned return immediately
		all at any some much more less expected there here what when which who into out up down
		over about after very really too far quite pretty better money purchase changed
		mind feelings special price job use everyday much`) {
		stopwords[w] = true
	}
	for w := range negations {
		stopwords[w] = true
	}
}

// complaintTerms counts the words of texts that name a cause: not stop
// words, negations, modifiers or generic opinion words.
func complaintTerms(counts map[string]int, text string) {
	for _, w := range tokens(text) {
		if len(w) < 3 || isClauseBreak(w) || stopwords[w] {
			continue
		}
		if _, ok := modifiers[w]; ok {
			continue
		}
		if e, ok := lexicon[w]; ok && e.generic {
			continue
		}
		counts[w]++
	}
}
