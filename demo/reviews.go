package demo

import (
	"strings"
)

// Review texts are written so that a lexicon-based sentiment analyser can
// read them: plain opinion words ("great", "poor"), intensifiers ("very",
// "really", "absolutely"), negations ("not worth", "don't"), and complaint
// terms that name the cause ("broken", "late", "too small").
var (
	openers = [5][]string{
		{"Terrible.", "Very disappointed.", "Absolutely awful.", "Really bad purchase.", "Never again."},
		{"Disappointed.", "Not good.", "Poor quality.", "Not worth the money.", "Quite bad."},
		{"It's okay.", "Average.", "Not bad, not great.", "Decent but nothing special.", "Mixed feelings."},
		{"Good product.", "Happy with it.", "Nice quality.", "Pretty good.", "Works well."},
		{"Excellent!", "Absolutely love it!", "Really great!", "Perfect.", "Very happy, highly recommend!"},
	}
	closers = [5][]string{
		{"Do not buy.", "Waste of money.", "I returned it immediately.", "I don't recommend it at all."},
		{"I would not buy it again.", "Not recommended.", "Expected much better."},
		{"Could be better for the price.", "It does the job.", "Fine for everyday use."},
		{"Would buy again.", "Good value.", "Recommended."},
		{"Would definitely buy again.", "Great value for money.", "Five stars!", "Best purchase this year."},
	}
)

// reviewText writes a review of p with the given rating. A returned line's
// review names the return reason; a late delivery is mentioned in most
// reviews of it.
func reviewText(r *rng, p *product, rating int, returnReason string, late bool) string {
	cat := &categories[p.cat]
	parts := []string{oneOf(r, openers[rating-1][:])}
	switch {
	case returnReason != "":
		parts = append(parts, capitalise(returnReason)+", so I sent it back.")
	case rating <= 2:
		parts = append(parts, capitalise(oneOf(r, cat.complaints))+".")
	case rating == 3:
		if r.bernoulli(0.5) {
			parts = append(parts, capitalise(oneOf(r, cat.praise))+", but "+oneOf(r, cat.complaints)+".")
		}
	default:
		parts = append(parts, capitalise(oneOf(r, cat.praise))+".")
	}
	if late && r.bernoulli(0.7) {
		parts = append(parts, "Delivery was very late.")
	}
	parts = append(parts, oneOf(r, closers[rating-1][:]))
	return strings.Join(parts, " ")
}

// surveyText is the optional comment of a net promoter survey.
func surveyText(r *rng, score int) string {
	if r.bernoulli(0.5) {
		return ""
	}
	switch {
	case score >= 9:
		return oneOf(r, []string{"Great shop, fast delivery.", "Always happy with my orders.", "Excellent service!"})
	case score >= 7:
		return oneOf(r, []string{"Good overall.", "Fine, delivery could be faster.", "Decent prices."})
	}
	return oneOf(r, []string{"Delivery was late and support was slow.", "Poor quality lately.", "Returns are a hassle.", "Not happy with the service."})
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
