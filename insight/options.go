package insight

import (
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// ErrInvalidOptions is matched by every *OptionsError.
var ErrInvalidOptions = errors.New("insight: invalid options")

// ErrNoOrders is returned by Build when the store holds no order that counts
// as a sale before the end of the period.
var ErrNoOrders = errors.New("insight: no orders")

// OptionsError reports an option out of range, naming the field and value.
type OptionsError struct {
	Field  string
	Value  string
	Reason string
}

// Error names the option, its value and what is wrong with it.
func (e *OptionsError) Error() string {
	return fmt.Sprintf("insight: invalid option %s = %s: %s", e.Field, e.Value, e.Reason)
}

// Is makes errors.Is(err, ErrInvalidOptions) true.
func (e *OptionsError) Is(target error) bool { return target == ErrInvalidOptions }

// Period is the half-open time range [From, To) a report looks at.
type Period struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// Length returns To − From.
func (p Period) Length() time.Duration { return p.To.Sub(p.From) }

// Contains reports whether t lies in [From, To).
func (p Period) Contains(t time.Time) bool { return !t.Before(p.From) && t.Before(p.To) }

// Previous returns the period of the same length that ends where p starts.
func (p Period) Previous() Period { return Period{From: p.From.Add(-p.Length()), To: p.From} }

// Options configure Build. The zero value reports on the 90 days that end at
// the start of the day (UTC) after the latest order, with the defaults below.
type Options struct {
	// Period is the range reported on; zero means the 90 days before the
	// start of the day after the latest order. KPIs compare it with the
	// period of the same length just before it.
	Period Period
	// Title heads the report (default "Shop report").
	Title string
	// ChurnWindow: a customer is active at a moment when they ordered in the
	// window before it, and churned when no longer active (default 180 days).
	ChurnWindow time.Duration
	// TopProducts is the number of best-selling products listed (default 10).
	TopProducts int
	// Cohorts is the number of monthly acquisition cohorts shown (default 12).
	Cohorts int
	// ForecastWeeks is the weekly revenue and order forecast horizon
	// (default 13, one quarter).
	ForecastWeeks int
	// CLVWeeks is the horizon of the predicted customer lifetime value
	// (default 52).
	CLVWeeks int
	// AtRisk is the number of at-risk customers listed (default 10).
	AtRisk int
	// Scenarios are the what-if scenarios simulated; nil means
	// DefaultScenarios, an empty non-nil slice none.
	Scenarios []Scenario
	// Simulation configures the Monte Carlo runs of the scenarios.
	Simulation SimOptions
	// Progress, when set, is called with the steps done of the total.
	Progress func(done, total int)
	// Logger, when set, receives a debug line per step with its duration.
	Logger *slog.Logger
}

func (o Options) withDefaults() (Options, error) {
	if o.Title == "" {
		o.Title = "Shop report"
	}
	if o.ChurnWindow == 0 {
		o.ChurnWindow = 180 * 24 * time.Hour
	}
	if o.TopProducts == 0 {
		o.TopProducts = 10
	}
	if o.Cohorts == 0 {
		o.Cohorts = 12
	}
	if o.ForecastWeeks == 0 {
		o.ForecastWeeks = 13
	}
	if o.CLVWeeks == 0 {
		o.CLVWeeks = 52
	}
	if o.AtRisk == 0 {
		o.AtRisk = 10
	}
	if o.Scenarios == nil {
		o.Scenarios = DefaultScenarios()
	}
	switch {
	case o.ChurnWindow < 0:
		return o, &OptionsError{"ChurnWindow", o.ChurnWindow.String(), "must be positive"}
	case o.TopProducts < 0:
		return o, &OptionsError{"TopProducts", fmt.Sprint(o.TopProducts), "must not be negative"}
	case o.Cohorts < 0 || o.Cohorts > 120:
		return o, &OptionsError{"Cohorts", fmt.Sprint(o.Cohorts), "must be 1–120"}
	case o.ForecastWeeks < 0 || o.ForecastWeeks > 104:
		return o, &OptionsError{"ForecastWeeks", fmt.Sprint(o.ForecastWeeks), "must be 1–104"}
	case o.CLVWeeks < 0:
		return o, &OptionsError{"CLVWeeks", fmt.Sprint(o.CLVWeeks), "must be positive"}
	case o.AtRisk < 0:
		return o, &OptionsError{"AtRisk", fmt.Sprint(o.AtRisk), "must not be negative"}
	case !o.Period.From.IsZero() && !o.Period.To.After(o.Period.From):
		return o, &OptionsError{"Period", fmt.Sprintf("[%s, %s)", o.Period.From.Format(time.RFC3339), o.Period.To.Format(time.RFC3339)), "To must be after From"}
	}
	for i, s := range o.Scenarios {
		if err := s.validate(); err != nil {
			return o, fmt.Errorf("scenario %d: %w", i, err)
		}
	}
	return o, o.Simulation.validate()
}
