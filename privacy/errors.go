package privacy

import (
	"errors"
	"fmt"
)

// ErrNoCustomer: the call was given the nil customer ID.
var ErrNoCustomer = errors.New("privacy: nil customer ID")

// ValidationError reports an argument that breaks a rule: Field names it
// (e.g. "consent.purpose"), Value is what was given.
type ValidationError struct {
	Field  string
	Value  string
	Reason string
}

// Error names the field, its value and the rule it breaks.
func (e *ValidationError) Error() string {
	return fmt.Sprintf("privacy: invalid %s %q: %s", e.Field, e.Value, e.Reason)
}
