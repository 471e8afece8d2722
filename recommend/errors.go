package recommend

import (
	"errors"
	"fmt"
)

// Sentinel errors returned by the package; test for them with errors.Is.
var (
	// ErrEmpty is returned when a model is trained on interactions with no users or items.
	ErrEmpty = errors.New("recommend: no interactions")
	// ErrTooLarge is returned when a model would need more memory than its limit allows
	// (EASE holds several dense item × item matrices).
	ErrTooLarge = errors.New("recommend: problem too large for this model")
	// ErrUnknownUser is returned when a user ID is not known to the model or recommender.
	ErrUnknownUser = errors.New("recommend: unknown user")
	// ErrUnknownItem is returned when an item ID is not known to the model.
	ErrUnknownItem = errors.New("recommend: unknown item")
	// ErrFormat is returned by Load when the input is not a model written by Save,
	// is of an unsupported version, or is damaged.
	ErrFormat = errors.New("recommend: bad model format")
)

// ValidationError reports an invalid field of an input value or an option.
type ValidationError struct {
	Field  string // the field or option at fault, e.g. "Event.User" or "ALSOptions.Factors"
	Value  any    // the offending value
	Reason string // what is wrong with it
}

// Error implements error.
func (e *ValidationError) Error() string {
	return fmt.Sprintf("recommend: invalid %s %v: %s", e.Field, e.Value, e.Reason)
}
