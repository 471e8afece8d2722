package loadtest_test

import (
	"testing"
	"time"

	"github.com/crmkit/crmkit/internal/loadtest"
)

// TestQuantile checks the nearest-rank quantile on hand-worked cases.
func TestQuantile(t *testing.T) {
	var hundred []time.Duration
	for i := 1; i <= 100; i++ {
		hundred = append(hundred, time.Duration(i))
	}
	for _, c := range []struct {
		xs   []time.Duration
		q    float64
		want time.Duration
	}{
		{nil, 0.5, 0},
		{[]time.Duration{7}, 0.99, 7},
		{[]time.Duration{1, 2, 3, 4}, 0.5, 2}, // rank ⌈0.5·4⌉ = 2
		{[]time.Duration{1, 2, 3, 4, 5}, 0.5, 3},
		{hundred, 0.50, 50},
		{hundred, 0.99, 99},
		{hundred, 1, 100},
		{hundred, 0, 1},
	} {
		if got := loadtest.Quantile(c.xs, c.q); got != c.want {
			t.Errorf("Quantile(%d values, %v) = %v, want %v", len(c.xs), c.q, got, c.want)
		}
	}
}
