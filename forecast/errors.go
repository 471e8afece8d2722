package forecast

import (
	"errors"
	"fmt"
)

// Sentinel errors returned (wrapped) by the package; test them with errors.Is.
var (
	// ErrTooShort means the series has too few observations for the method.
	ErrTooShort = errors.New("forecast: series too short")
	// ErrNonFinite means the series holds NaN or infinite values.
	ErrNonFinite = errors.New("forecast: series has NaN or infinite values")
	// ErrNoModel means no candidate model could be fitted to the series.
	ErrNoModel = errors.New("forecast: no model could be fitted")
	// ErrInvalid means an argument or option is out of its domain; the
	// concrete error is a *ValidationError naming the field.
	ErrInvalid = errors.New("forecast: invalid argument")
)

// ValidationError names an argument or option field whose value is out of
// its domain. It matches ErrInvalid under errors.Is.
type ValidationError struct {
	Field  string // name of the argument or option field
	Value  any    // the offending value
	Reason string // what is wrong with it
}

// Error implements error.
func (e *ValidationError) Error() string {
	return fmt.Sprintf("forecast: invalid %s = %v: %s", e.Field, e.Value, e.Reason)
}

// Is makes a ValidationError match ErrInvalid.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

func invalid(field string, value any, reason string) error {
	return &ValidationError{Field: field, Value: value, Reason: reason}
}
