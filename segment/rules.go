package segment

import "fmt"

// The named RFM segments of DefaultRules.
const (
	SegmentChampions         = "champions"
	SegmentLoyal             = "loyal"
	SegmentPotentialLoyalist = "potential_loyalist"
	SegmentNew               = "new"
	SegmentPromising         = "promising"
	SegmentNeedAttention     = "need_attention"
	SegmentAboutToSleep      = "about_to_sleep"
	SegmentAtRisk            = "at_risk"
	SegmentCantLose          = "cant_lose"
	SegmentHibernating       = "hibernating"
	SegmentLost              = "lost"
	// SegmentOther labels scores that no rule matches.
	SegmentOther = "other"
)

// Range is an inclusive range of scores; the zero Range matches any score.
type Range struct{ Min, Max int }

func (r Range) contains(s int) bool {
	if r == (Range{}) {
		return true
	}
	return s >= r.Min && s <= r.Max
}

// Rule names the customers whose R, F and M scores fall in its ranges.
type Rule struct {
	Name        string
	Description string
	R, F, M     Range
}

func (r Rule) validate(i, bins int) error {
	if r.Name == "" {
		return invalid(fmt.Sprintf("options.rules[%d].name", i), "", "required")
	}
	for _, d := range []struct {
		n string
		r Range
	}{{"r", r.R}, {"f", r.F}, {"m", r.M}} {
		if d.r == (Range{}) {
			continue
		}
		if d.r.Min < 1 || d.r.Max > bins || d.r.Min > d.r.Max {
			return invalid(fmt.Sprintf("options.rules[%d].%s", i, d.n), fmt.Sprintf("%d-%d", d.r.Min, d.r.Max),
				fmt.Sprintf("must lie within 1-%d with min <= max", bins))
		}
	}
	return nil
}

// Classify returns the name of the first rule matching the scores, or
// SegmentOther.
func Classify(rules []Rule, r, f, m int) string {
	for _, rl := range rules {
		if rl.R.contains(r) && rl.F.contains(f) && rl.M.contains(m) {
			return rl.Name
		}
	}
	return SegmentOther
}

// DefaultRules returns the standard eleven RFM segments for 5-level scores,
// in the order they are tried (first match wins). Every one of the 125
// score combinations matches exactly one segment by that order:
//
//	segment             R    F    M    who
//	champions           4-5  4-5  4-5  bought recently, often, and spend the most
//	loyal               3-5  3-5  any  buy regularly and recently
//	new                 4-5  1    any  first order, recently
//	promising           3    1    any  one order, not long ago
//	potential_loyalist  3-5  2    any  recent, second-time buyers
//	cant_lose           1    4-5  4-5  were among the best; gone longest
//	at_risk             1-2  3-5  any  bought often, but not for a long time
//	need_attention      2    2    any  two orders, slipping away
//	about_to_sleep      2    1    any  one order, a while ago
//	hibernating         1    2    any  two orders, long ago
//	lost                1    1    any  one order, long ago
//
// The table is a plain value: copy it, edit it, and pass it as
// RFMOptions.Rules, or write your own for a different number of bins.
func DefaultRules() []Rule {
	return []Rule{
		{Name: SegmentChampions, Description: "bought recently, buy often and spend the most", R: Range{4, 5}, F: Range{4, 5}, M: Range{4, 5}},
		{Name: SegmentLoyal, Description: "buy regularly and recently", R: Range{3, 5}, F: Range{3, 5}},
		{Name: SegmentNew, Description: "placed a first order recently", R: Range{4, 5}, F: Range{1, 1}},
		{Name: SegmentPromising, Description: "one order, not long ago", R: Range{3, 3}, F: Range{1, 1}},
		{Name: SegmentPotentialLoyalist, Description: "recent second-time buyers", R: Range{3, 5}, F: Range{2, 2}},
		{Name: SegmentCantLose, Description: "were among the best customers and have been gone longest", R: Range{1, 1}, F: Range{4, 5}, M: Range{4, 5}},
		{Name: SegmentAtRisk, Description: "bought often but not for a long time", R: Range{1, 2}, F: Range{3, 5}},
		{Name: SegmentNeedAttention, Description: "two orders, slipping away", R: Range{2, 2}, F: Range{2, 2}},
		{Name: SegmentAboutToSleep, Description: "one order, a while ago", R: Range{2, 2}, F: Range{1, 1}},
		{Name: SegmentHibernating, Description: "two orders, long ago", R: Range{1, 1}, F: Range{2, 2}},
		{Name: SegmentLost, Description: "one order, long ago", R: Range{1, 1}, F: Range{1, 1}},
	}
}
