package postgres

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// TestSameVersionUpdatesOneWins races updates that all carry version 1:
// the row lock and the version check let exactly one through.
func TestSameVersionUpdatesOneWins(t *testing.T) {
	st := openTest(t, &Options{MaxConns: 8})
	ctx := context.Background()
	c := newCustomer(1)
	if err := st.CreateCustomer(ctx, &c); err != nil {
		t.Fatal(err)
	}
	const n = 8
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mine := c.Clone()
			mine.FirstName = string(rune('A' + i))
			errs[i] = st.UpdateCustomer(ctx, &mine)
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, store.ErrConflict):
			t.Errorf("losing update: %v, want ErrConflict", err)
		}
	}
	if won != 1 {
		t.Fatalf("%d updates won, want 1", won)
	}
	got, err := st.GetCustomer(ctx, c.ID)
	if err != nil || got.Version != 2 {
		t.Errorf("after the race: version %d, %v; want 2", got.Version, err)
	}
}

// TestConcurrentReturnsCannotOverReturn races returns that each take back
// the whole order: the order's row lock serialises the checks, so exactly
// one is accepted.
func TestConcurrentReturnsCannotOverReturn(t *testing.T) {
	st := openTest(t, &Options{MaxConns: 8})
	ctx := context.Background()
	o := newOrder(uuid.New(), "R-1", t0)
	if err := st.CreateOrder(ctx, &o); err != nil {
		t.Fatal(err)
	}
	const n = 6
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := order.Return{OrderID: o.ID, CustomerID: o.CustomerID, Status: order.ReturnRequested,
				Items:       []order.ReturnItem{{ProductID: "p1", Quantity: 2, Amount: dec2("25.00")}},
				Amount:      dec2("25.00"),
				RequestedAt: t0.Add(time.Duration(i+1) * time.Hour)}
			errs[i] = st.CreateReturn(ctx, &r)
		}()
	}
	wg.Wait()
	accepted := 0
	for _, err := range errs {
		var verr *order.ValidationError
		switch {
		case err == nil:
			accepted++
		case !errors.As(err, &verr):
			t.Errorf("refused return: %v, want *order.ValidationError", err)
		}
	}
	if accepted != 1 {
		t.Fatalf("%d returns of the whole order accepted, want 1", accepted)
	}
}

// TestScanHonoursContext cancels a scan's context mid-way.
func TestScanHonoursContext(t *testing.T) {
	st := openTest(t, &Options{PageSize: 2})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for i := range 5 {
		c := newCustomer(i)
		if err := st.CreateCustomer(ctx, &c); err != nil {
			t.Fatal(err)
		}
	}
	seen := 0
	var last error
	for _, err := range st.Customers(ctx, store.CustomerFilter{}) {
		if err != nil {
			last = err
			break
		}
		seen++
		if seen == 1 {
			cancel()
		}
	}
	if !errors.Is(last, context.Canceled) {
		t.Errorf("after cancel: %d records then %v, want context.Canceled", seen, last)
	}
}
