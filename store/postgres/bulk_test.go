package postgres

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// TestLoadSkipsWhatIsTaken loads a batch, then a second one that repeats
// some records under new IDs with the same unique keys, repeats events and
// carries a return on an order that is skipped: under ConflictSkip each
// repeat is skipped and counted, the return with its order; under
// ConflictFail the same batch fails with ErrConflict naming the key and
// leaves the store unchanged.
func TestLoadSkipsWhatIsTaken(t *testing.T) {
	st := openTest(t, nil)
	ctx := context.Background()
	a := newCustomer(1)
	a.ID = uuid.New()
	o := newOrder(a.ID, "L-1", t0)
	o.ID = uuid.New()
	ev := newView(a.ID, "p1", t0)
	ev.ID = uuid.New()
	first := store.Batch{Customers: []customer.Customer{a}, Orders: []order.Order{o}, Events: []behavior.Event{ev}}
	res, err := st.LoadBatch(ctx, first, store.ConflictFail)
	if err != nil || res != (store.LoadResult{Customers: 1, Orders: 1, Events: 1}) {
		t.Fatalf("first load: %+v, %v", res, err)
	}

	sameEmail := newCustomer(1) // same e-mail and external ID, new ID
	sameEmail.ID = uuid.New()
	fresh := newCustomer(2)
	sameNumber := newOrder(a.ID, "L-1", t0.Add(time.Hour)) // same number, new ID
	sameNumber.ID = uuid.New()
	ret := order.Return{ID: uuid.New(), OrderID: sameNumber.ID, CustomerID: a.ID, Status: order.ReturnRequested,
		Items: []order.ReturnItem{{ProductID: "p1", Quantity: 1, Amount: dec2("12.50")}}, Amount: dec2("12.50"), RequestedAt: t0.Add(2 * time.Hour)}
	second := store.Batch{
		Customers: []customer.Customer{sameEmail, fresh},
		Orders:    []order.Order{sameNumber},
		Returns:   []order.Return{ret},
		Events:    []behavior.Event{ev, ev, newView(a.ID, "p2", t0)},
	}
	before, _ := st.Stats(ctx)
	if _, err := st.LoadBatch(ctx, second, store.ConflictFail); !errors.Is(err, store.ErrConflict) {
		t.Errorf("ConflictFail: %v, want ErrConflict", err)
	}
	customersOnly := store.Batch{Customers: second.Customers}
	if _, err := st.LoadBatch(ctx, customersOnly, store.ConflictFail); !errors.Is(err, store.ErrConflict) || !strings.Contains(err.Error(), "customers_email_key") {
		t.Errorf("ConflictFail: %v, want ErrConflict on customers_email_key", err)
	}
	if after, _ := st.Stats(ctx); after != before {
		t.Errorf("a failed load changed the store: %+v → %+v", before, after)
	}
	res, err = st.LoadBatch(ctx, second, store.ConflictSkip)
	if err != nil {
		t.Fatal(err)
	}
	want := store.LoadResult{Customers: 1, Events: 1, Skipped: 5} // e-mail, number, return, stored event, repeated event
	if res != want {
		t.Errorf("ConflictSkip: %+v, want %+v", res, want)
	}
	got, err := st.GetCustomerByEmail(ctx, a.Email)
	if err != nil || got.ID != a.ID {
		t.Errorf("the stored profile should stay: %v, %v", got.ID, err)
	}

	// A return on an order that is neither stored nor in the batch is an error.
	orphan := ret
	orphan.ID, orphan.OrderID = uuid.New(), uuid.New()
	if _, err := st.LoadBatch(ctx, store.Batch{Returns: []order.Return{orphan}}, store.ConflictSkip); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("orphan return: %v, want ErrNotFound", err)
	}
	// Validation errors name the record's position and leave nothing behind.
	bad := newCustomer(3)
	bad.Email, bad.Phone, bad.ExternalID = "", "", ""
	var verr *customer.ValidationError
	if _, err := st.LoadBatch(ctx, store.Batch{Customers: []customer.Customer{newCustomer(4), bad}}, store.ConflictSkip); !errors.As(err, &verr) || !strings.Contains(err.Error(), "customer 1") {
		t.Errorf("invalid customer: %v, want *customer.ValidationError at customer 1", err)
	}
}
