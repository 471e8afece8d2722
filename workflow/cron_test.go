package workflow_test

import (
	"errors"
	"testing"
	"time"

	"github.com/crmkit/crmkit/workflow"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCronNext(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse("2006-01-02 15:04", s)
		require.NoError(t, err)
		return v
	}
	// Worked by hand against a calendar: 2026-01-01 is a Thursday.
	cases := []struct{ expr, from, want string }{
		{"* * * * *", "2026-01-01 10:00", "2026-01-01 10:01"},
		{"30 9 * * *", "2026-01-01 09:30", "2026-01-02 09:30"},
		{"30 9 * * *", "2026-01-01 09:29", "2026-01-01 09:30"},
		{"*/15 * * * *", "2026-01-01 10:16", "2026-01-01 10:30"},
		{"0 8 * * MON", "2026-01-01 00:00", "2026-01-05 08:00"},
		{"0 8 * * 1-5", "2026-01-02 09:00", "2026-01-05 08:00"}, // Friday after 8: next Monday
		{"0 0 1 * *", "2026-01-15 12:00", "2026-02-01 00:00"},
		{"@monthly", "2026-12-31 23:59", "2027-01-01 00:00"},
		{"0 12 29 2 *", "2026-03-01 00:00", "2028-02-29 12:00"}, // the next leap day
		{"0 0 13 * 5", "2026-02-01 00:00", "2026-02-06 00:00"},  // Vixie: the 13th OR a Friday
		{"0 0 * * 7", "2026-01-01 00:00", "2026-01-04 00:00"},   // 7 is Sunday
		{"5,10 3 * JAN-MAR *", "2026-03-31 03:10", "2027-01-01 03:05"},
		{"0 9-17/4 * * *", "2026-01-01 13:00", "2026-01-01 17:00"},
		{"@hourly", "2026-01-01 10:59", "2026-01-01 11:00"},
		{"@weekly", "2026-01-01 00:00", "2026-01-04 00:00"},
	}
	for _, tc := range cases {
		c, err := workflow.ParseCron(tc.expr)
		require.NoError(t, err, tc.expr)
		assert.Equal(t, at(tc.want), c.Next(at(tc.from)), "%s after %s", tc.expr, tc.from)
	}
	assert.True(t, workflow.MustParseCron("0 0 30 2 *").Next(at("2026-01-01 00:00")).IsZero(), "30 February never comes")

	berlin, err := time.LoadLocation("Europe/Berlin")
	if err == nil {
		c := workflow.MustParseCron("0 9 * * *").In(berlin)
		assert.Equal(t, at("2026-07-01 07:00"), c.Next(at("2026-06-30 08:00")).UTC(), "09:00 in Berlin is 07:00 UTC in summer")
	}
}

func TestCronLastCollapsesMissedPeriods(t *testing.T) {
	c := workflow.MustParseCron("0 6 * * *")
	from := time.Date(2026, 1, 1, 7, 0, 0, 0, time.UTC)
	assert.Equal(t, time.Date(2026, 1, 8, 6, 0, 0, 0, time.UTC), c.Last(from, from.AddDate(0, 0, 7)))
	assert.True(t, c.Last(from, from.Add(20*time.Hour)).IsZero())
}

func TestCronErrorsNameTheField(t *testing.T) {
	for expr, field := range map[string]string{
		"* * * *":       "cron",
		"60 * * * *":    "cron minute",
		"* 24 * * *":    "cron hour",
		"* * 0 * *":     "cron day-of-month",
		"* * * 13 *":    "cron month",
		"* * * * 8":     "cron day-of-week",
		"*/0 * * * *":   "cron minute",
		"5-1 * * * *":   "cron minute",
		"* * * FOO *":   "cron month",
		"1,,2 * * * *":  "cron minute",
		"@fortnightly":  "cron",
		"* * * * MON-X": "cron day-of-week",
	} {
		_, err := workflow.ParseCron(expr)
		var ve *workflow.ValidationError
		require.True(t, errors.As(err, &ve), "%q: %v", expr, err)
		assert.Equal(t, field, ve.Field, expr)
	}
}

func TestParseRelative(t *testing.T) {
	for text, want := range map[string]workflow.Relative{
		"90 days after the last order":     {Delay: workflow.Delay{Amount: 90, Unit: "day"}, Anchor: workflow.AnchorLastOrder},
		"30 Days After Last Order":         {Delay: workflow.Delay{Amount: 30, Unit: "day"}, Anchor: workflow.AnchorLastOrder},
		"1 week after the first order":     {Delay: workflow.Delay{Amount: 1, Unit: "week"}, Anchor: workflow.AnchorFirstOrder},
		"6 months after sign-up":           {Delay: workflow.Delay{Amount: 6, Unit: "month"}, Anchor: workflow.AnchorSignUp},
		"2 hours after the   signup":       {Delay: workflow.Delay{Amount: 2, Unit: "hour"}, Anchor: workflow.AnchorSignUp},
		"45 minutes after the first order": {Delay: workflow.Delay{Amount: 45, Unit: "minute"}, Anchor: workflow.AnchorFirstOrder},
	} {
		got, err := workflow.ParseRelative(text)
		require.NoError(t, err, text)
		assert.Equal(t, want, got, text)
	}
	r, _ := workflow.ParseRelative("1 month after the last order")
	assert.Equal(t, "1 month after the last order", r.String())
	jan31 := time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)
	assert.Equal(t, time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC), r.Delay.From(jan31), "calendar months normalise like time.AddDate")
	for _, bad := range []string{"", "90 days", "after the last order", "0 days after the last order",
		"90 fortnights after the last order", "90 days before the last order", "-3 days after sign-up", "999999 days after sign-up"} {
		_, err := workflow.ParseRelative(bad)
		assert.ErrorIs(t, err, workflow.ErrInvalid, bad)
	}
}
