package demo

import (
	"sync"
	"testing"
	"time"

	"github.com/crmkit/crmkit/order"
	"github.com/google/uuid"
)

// The default shop is generated once and shared by the tests, which only read it.
var defaultShop = sync.OnceValues(func() (*Shop, error) { return Generate(nil) })

func shop(t *testing.T) *Shop {
	t.Helper()
	s, err := defaultShop()
	if err != nil {
		t.Fatalf("Generate(nil): %v", err)
	}
	return s
}

func ordersByID(s *Shop) map[uuid.UUID]*order.Order {
	m := make(map[uuid.UUID]*order.Order, len(s.Orders))
	for i := range s.Orders {
		m[s.Orders[i].ID] = &s.Orders[i]
	}
	return m
}

func days(d time.Duration) float64 { return d.Hours() / 24 }

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	sum := 0.0
	for _, x := range xs {
		sum += x
	}
	return sum / float64(len(xs))
}
