package workflow

import (
	"errors"
	"fmt"
)

// Sentinel errors of the package; compare with errors.Is.
var (
	// ErrNoJournal: the store given to New does not implement store.Journal,
	// so there is no outbox to read changes from.
	ErrNoJournal = errors.New("workflow: store has no journal")
	// ErrInvalid is matched by every *ValidationError.
	ErrInvalid = errors.New("workflow: invalid")
	// ErrStateClosed: the state was closed.
	ErrStateClosed = errors.New("workflow: state closed")
	// ErrPermanent is matched by errors wrapped with Permanent: the action
	// can never succeed, so it is dead-lettered without further attempts.
	ErrPermanent = errors.New("workflow: permanent failure")
)

// ValidationError reports a rule, trigger or expression that cannot be
// used: Field names it (e.g. "rules[2].condition", "cron"), Value shows it.
type ValidationError struct {
	Field  string
	Value  string
	Reason string
}

// Error names the field, its value and what is wrong.
func (e *ValidationError) Error() string {
	return fmt.Sprintf("workflow: invalid %s %q: %s", e.Field, e.Value, e.Reason)
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

func invalid(field, value, reason string) *ValidationError {
	return &ValidationError{Field: field, Value: value, Reason: reason}
}

// permanentError marks an error that retrying cannot cure.
type permanentError struct{ err error }

func (e permanentError) Error() string        { return e.err.Error() }
func (e permanentError) Unwrap() error        { return e.err }
func (e permanentError) Is(target error) bool { return target == ErrPermanent }

// Permanent wraps err so that the engine dead-letters the delivery at once
// instead of retrying it: a template that does not execute, a webhook that
// answers 400. Permanent(nil) is nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanentError{err}
}
