package workflow

import (
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"time"
)

// Cron is a parsed five-field cron expression: minute, hour, day of month,
// month and day of week, evaluated in a time zone (UTC unless In is used).
// It is immutable and safe for concurrent use.
//
// Each field is "*", a number, a range "a-b", a step "*/n" or "a-b/n", or a
// comma-separated list of those; months and weekdays also take their
// three-letter English names (JAN, MON), and 7 is Sunday like 0. As in
// Vixie cron, when both day of month and day of week are restricted, a day
// matching either one fires. The shorthands @yearly (@annually), @monthly,
// @weekly, @daily (@midnight) and @hourly are accepted.
type Cron struct {
	src                           string
	minute, hour, dom, month, dow uint64
	domStar, dowStar              bool
	loc                           *time.Location
}

var cronShorthands = map[string]string{
	"@yearly":   "0 0 1 1 *",
	"@annually": "0 0 1 1 *",
	"@monthly":  "0 0 1 * *",
	"@weekly":   "0 0 * * 0",
	"@daily":    "0 0 * * *",
	"@midnight": "0 0 * * *",
	"@hourly":   "0 * * * *",
}

var (
	monthNames = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
	dayNames   = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}
)

// ParseCron parses a cron expression. Errors are *ValidationError values
// naming the field at fault.
func ParseCron(expr string) (*Cron, error) {
	src := strings.TrimSpace(expr)
	spec := src
	if s, ok := cronShorthands[strings.ToLower(spec)]; ok {
		spec = s
	}
	parts := strings.Fields(spec)
	if len(parts) != 5 {
		return nil, invalid("cron", expr, fmt.Sprintf("want 5 fields (minute hour day-of-month month day-of-week), found %d", len(parts)))
	}
	c := &Cron{src: src, loc: time.UTC}
	var err error
	if c.minute, err = parseCronField(parts[0], "minute", 0, 59, nil); err != nil {
		return nil, err
	}
	if c.hour, err = parseCronField(parts[1], "hour", 0, 23, nil); err != nil {
		return nil, err
	}
	if c.dom, err = parseCronField(parts[2], "day-of-month", 1, 31, nil); err != nil {
		return nil, err
	}
	if c.month, err = parseCronField(parts[3], "month", 1, 12, monthNames); err != nil {
		return nil, err
	}
	if c.dow, err = parseCronField(parts[4], "day-of-week", 0, 7, dayNames); err != nil {
		return nil, err
	}
	if c.dow&(1<<7) != 0 { // 7 is Sunday too
		c.dow = c.dow&^(1<<7) | 1
	}
	c.domStar = strings.HasPrefix(parts[2], "*")
	c.dowStar = strings.HasPrefix(parts[4], "*")
	return c, nil
}

// MustParseCron is ParseCron for expressions fixed in code; it panics on an
// error.
func MustParseCron(expr string) *Cron {
	c, err := ParseCron(expr)
	if err != nil {
		panic(err)
	}
	return c
}

// In returns a copy of c evaluated in loc (a shop's local time).
func (c *Cron) In(loc *time.Location) *Cron {
	d := *c
	d.loc = loc
	return &d
}

// String returns the expression as given.
func (c *Cron) String() string { return c.src }

func parseCronField(s, name string, lo, hi int, names []string) (uint64, error) {
	var set uint64
	bad := func(reason string) (uint64, error) {
		return 0, invalid("cron "+name, s, reason)
	}
	value := func(v string) (int, bool) {
		for i, n := range names {
			if strings.EqualFold(v, n) {
				return i + lo, true
			}
		}
		n, err := strconv.Atoi(v)
		return n, err == nil
	}
	for _, item := range strings.Split(s, ",") {
		rng, stepText, hasStep := strings.Cut(item, "/")
		step := 1
		if hasStep {
			n, err := strconv.Atoi(stepText)
			if err != nil || n < 1 {
				return bad("step " + strconv.Quote(stepText) + " is not a positive number")
			}
			step = n
		}
		from, to := lo, hi
		switch {
		case rng == "*":
			if names != nil && hi == 7 {
				to = 6 // "*" in day-of-week means 0-6; 7 would repeat Sunday
			}
		case rng == "":
			return bad("empty item")
		default:
			a, b, isRange := strings.Cut(rng, "-")
			var ok bool
			if from, ok = value(a); !ok {
				return bad(strconv.Quote(a) + " is not a number or name")
			}
			to = from
			if isRange {
				if to, ok = value(b); !ok {
					return bad(strconv.Quote(b) + " is not a number or name")
				}
			} else if hasStep {
				to = hi // "a/n" means from a to the end
			}
		}
		if from < lo || to > hi || from > to {
			return bad(fmt.Sprintf("values must lie in %d-%d, ascending", lo, hi))
		}
		for v := from; v <= to; v += step {
			set |= 1 << uint(v)
		}
	}
	return set, nil
}

func (c *Cron) dayMatches(t time.Time) bool {
	domOK := c.dom&(1<<uint(t.Day())) != 0
	dowOK := c.dow&(1<<uint(t.Weekday())) != 0
	if c.domStar || c.dowStar {
		return domOK && dowOK
	}
	return domOK || dowOK
}

// Next returns the first time after t (strictly) at which the expression
// fires, at whole minutes in c's time zone; the zero time if it never fires
// in the next five years (30 February, say).
func (c *Cron) Next(t time.Time) time.Time {
	t = t.In(c.loc).Truncate(time.Minute).Add(time.Minute)
	limit := t.AddDate(5, 0, 0)
	for t.Before(limit) {
		if c.month&(1<<uint(t.Month())) == 0 {
			t = time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, c.loc)
			continue
		}
		if !c.dayMatches(t) {
			t = time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, c.loc)
			continue
		}
		if c.hour&(1<<uint(t.Hour())) == 0 {
			t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour()+1, 0, 0, 0, c.loc)
			continue
		}
		if c.minute&(1<<uint(t.Minute())) == 0 {
			// Jump to the next permitted minute in this hour, if any.
			rest := c.minute >> uint(t.Minute())
			if rest == 0 {
				t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour()+1, 0, 0, 0, c.loc)
				continue
			}
			t = t.Add(time.Duration(bits.TrailingZeros64(rest)) * time.Minute)
			continue
		}
		return t
	}
	return time.Time{}
}

// Last returns the latest firing time in (after, upTo], or the zero time when
// there is none: the period a schedule that last fired at after owes at upTo.
// Missed periods in between are collapsed into the latest one, so a worker
// that was down for a week sends one weekly digest, not seven daily ones.
func (c *Cron) Last(after, upTo time.Time) time.Time {
	var last time.Time
	for t := c.Next(after); !t.IsZero() && !t.After(upTo); t = c.Next(t) {
		last = t
	}
	return last
}
