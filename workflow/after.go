package workflow

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Anchor is the moment in a customer's history a relative schedule counts
// from.
type Anchor string

// The anchors of relative schedules.
const (
	AnchorLastOrder  Anchor = "last order"  // the latest order that counts as a sale
	AnchorFirstOrder Anchor = "first order" // the earliest one
	AnchorSignUp     Anchor = "sign-up"     // the profile's CreatedAt
)

// Delay is a span of calendar time: days, weeks and months are counted on
// the calendar (time.AddDate), hours and minutes exactly.
type Delay struct {
	Amount int
	Unit   string // "minute", "hour", "day", "week" or "month"
}

// From returns t + d.
func (d Delay) From(t time.Time) time.Time {
	switch d.Unit {
	case "minute":
		return t.Add(time.Duration(d.Amount) * time.Minute)
	case "hour":
		return t.Add(time.Duration(d.Amount) * time.Hour)
	case "day":
		return t.AddDate(0, 0, d.Amount)
	case "week":
		return t.AddDate(0, 0, 7*d.Amount)
	}
	return t.AddDate(0, d.Amount, 0)
}

// String writes the delay as "90 days".
func (d Delay) String() string {
	if d.Amount == 1 {
		return "1 " + d.Unit
	}
	return strconv.Itoa(d.Amount) + " " + d.Unit + "s"
}

// Relative is a parsed relative schedule: Delay after a customer's Anchor,
// such as "90 days after the last order". It fires once per anchor: a
// customer who orders again gets a new last order and, 90 silent days
// later, a new firing.
type Relative struct {
	Delay  Delay
	Anchor Anchor
}

// String writes the schedule back in the form ParseRelative reads.
func (r Relative) String() string { return r.Delay.String() + " after the " + string(r.Anchor) }

var relativeSyntax = regexp.MustCompile(`^(\d+)\s*(minutes?|hours?|days?|weeks?|months?)\s+after\s+(?:the\s+)?(last\s+order|first\s+order|sign[- ]?up)$`)

// ParseRelative parses "N units after the anchor": units are minutes,
// hours, days, weeks or months (singular or plural); anchors are "last
// order", "first order" and "sign-up" ("signup", "sign up"); "the" is
// optional and case does not matter. N must be between 1 and 100000.
func ParseRelative(text string) (Relative, error) {
	s := strings.Join(strings.Fields(strings.ToLower(text)), " ")
	m := relativeSyntax.FindStringSubmatch(s)
	if m == nil {
		return Relative{}, invalid("relative schedule", text, `want "N days|weeks|months|hours|minutes after the last order|first order|sign-up"`)
	}
	n, err := strconv.Atoi(m[1])
	if err != nil || n < 1 || n > 100000 {
		return Relative{}, invalid("relative schedule", text, fmt.Sprintf("amount %s must be between 1 and 100000", m[1]))
	}
	r := Relative{Delay: Delay{Amount: n, Unit: strings.TrimSuffix(m[2], "s")}}
	switch {
	case strings.HasPrefix(m[3], "last"):
		r.Anchor = AnchorLastOrder
	case strings.HasPrefix(m[3], "first"):
		r.Anchor = AnchorFirstOrder
	default:
		r.Anchor = AnchorSignUp
	}
	return r, nil
}
