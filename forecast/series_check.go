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

// Interpolate fills NaN gaps in y by linear interpolation between the
// nearest observed values (carrying the first or last observed value into
// leading or trailing gaps), the documented way to prepare a gappy series
// for the methods here, which reject NaN. It returns a new slice and an
// error wrapping ErrTooShort when y holds no observed value.
func Interpolate(y []float64) ([]float64, error) {
	out := append([]float64(nil), y...)
	prev := -1
	for i, v := range out {
		if math.IsNaN(v) {
			continue
		}
		if math.IsInf(v, 0) {
			return nil, fmt.Errorf("%w: value %v at index %d", ErrNonFinite, v, i)
		}
		if prev == -1 {
			for j := 0; j < i; j++ {
				out[j] = v
			}
		} else {
			for j := prev + 1; j < i; j++ {
				w := float64(j-prev) / float64(i-prev)
				out[j] = out[prev] + w*(v-out[prev])
			}
		}
		prev = i
	}
	if prev == -1 {
		return nil, fmt.Errorf("%w: no observed values", ErrTooShort)
	}
	for j := prev + 1; j < len(out); j++ {
		out[j] = out[prev]
	}
	return out, nil
}
