package workflow_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/workflow"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// clock is a settable clock for the engine.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock(t time.Time) *clock { return &clock{t: t} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func (c *clock) Advance(d time.Duration) { c.Set(c.Now().Add(d)) }

func mkCustomer(t testing.TB, st interface {
	CreateCustomer(context.Context, *customer.Customer) error
}, name string, consent bool) customer.Customer {
	t.Helper()
	c := customer.Customer{Email: name + "@example.com", FirstName: name, CreatedAt: t0.AddDate(0, -6, 0)}
	if consent {
		c.GrantConsent(customer.ChannelEmail, t0.AddDate(0, -6, 0), "checkout")
	}
	require.NoError(t, st.CreateCustomer(context.Background(), &c))
	return c
}

var orderSeq int

func mkOrder(cust uuid.UUID, at time.Time, status order.Status) order.Order {
	orderSeq++
	o := order.Order{Number: fmt.Sprintf("T-%05d", orderSeq), CustomerID: cust, Status: status, Currency: "EUR",
		Lines:    []order.Line{{ProductID: "p-1", Name: "Mug", Quantity: 2, UnitPrice: decimal.RequireFromString("12.50")}},
		Shipping: decimal.RequireFromString("4.95"), PlacedAt: at}
	o.Total = o.ComputeTotal()
	return o
}

// collect drains a scan.
func collect[T any](t testing.TB, seq func(func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

func deliveries(t testing.TB, st workflow.State, f workflow.DeliveryFilter) []workflow.Delivery {
	return collect(t, st.Deliveries(context.Background(), f))
}

func runs(t testing.TB, st workflow.State, f workflow.RunFilter) []workflow.Run {
	return collect(t, st.Runs(context.Background(), f))
}

// counter is a Func action counting calls per key.
type counter struct {
	mu    sync.Mutex
	calls map[string]int
	fail  func(key string, attempt int) error
}

func newCounter() *counter { return &counter{calls: map[string]int{}} }

func (c *counter) action() workflow.Func {
	return func(ctx context.Context, inv *workflow.Invocation) error {
		c.mu.Lock()
		c.calls[inv.Key]++
		c.mu.Unlock()
		if c.fail != nil {
			return c.fail(inv.Key, inv.Attempt)
		}
		return nil
	}
}

func (c *counter) total() (calls, keys int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, n := range c.calls {
		calls += n
	}
	return calls, len(c.calls)
}
