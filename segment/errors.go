package segment

import (
	"errors"
	"fmt"
)

// ErrNoData is returned when an engine is given no customers or no rows.
var ErrNoData = errors.New("segment: no data")

// ErrTooFewPoints is returned when clustering asks for more clusters than
// there are distinct points.
var ErrTooFewPoints = errors.New("segment: fewer distinct points than clusters")

// InputError reports an input value or option that cannot be used: Field
// names it (e.g. "records[3].monetary", "options.bins") and Value shows it.
type InputError struct {
	Field  string
	Value  string
	Reason string
}

// Error names the field, its value and the rule it breaks.
func (e *InputError) Error() string {
	return fmt.Sprintf("segment: invalid %s %q: %s", e.Field, e.Value, e.Reason)
}

func invalid(field string, value any, reason string) *InputError {
	return &InputError{Field: field, Value: fmt.Sprint(value), Reason: reason}
}
