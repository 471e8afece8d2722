package forecast

import (
	"fmt"
	"math"
)

// checkSeries rejects series shorter than minLen or holding NaN/Inf values.
func checkSeries(y []float64, minLen int) error {
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%w: value %v at index %d", ErrNonFinite, v, i)
		}
	}
	if len(y) < minLen {
		return fmt.Errorf("%w: %d observations, need at least %d", ErrTooShort, len(y), minLen)
	}
	return nil
}

// isConstant reports whether all values of y are equal.
func isConstant(y []float64) bool {
	for _, v := range y[1:] {
		if v != y[0] {
			return false
		}
	}
	return true
}
