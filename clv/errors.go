package clv

import (
	"errors"
	"fmt"
)

// ErrNoData is returned when there are no customers (or, for the spend
// model, no repeat buyers) to fit or summarise.
var ErrNoData = errors.New("clv: no data")

// ErrNotConverged is returned when maximum-likelihood fitting fails to reach
// a finite optimum; the fit is not returned.
var ErrNotConverged = errors.New("clv: fit did not converge")

// InputError reports an input value or option that cannot be used: Field
// names it (e.g. "summaries[3].recency") and Value shows it.
type InputError struct {
	Field  string
	Value  string
	Reason string
}

// Error names the field, its value and the rule it breaks.
func (e *InputError) Error() string {
	return fmt.Sprintf("clv: invalid %s %q: %s", e.Field, e.Value, e.Reason)
}

func invalid(field string, value any, reason string) *InputError {
	return &InputError{Field: field, Value: fmt.Sprint(value), Reason: reason}
}
