package postgres

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

func TestCustomerRoundTrip(t *testing.T) {
	st := openTest(t, nil)
	ctx := context.Background()
	c := newCustomer(1)
	if err := st.CreateCustomer(ctx, &c); err != nil {
		t.Fatal(err)
	}
	if c.Version != 1 || c.ID == uuid.Nil || c.Email != "Person.1@example.com" || !reflect.DeepEqual(c.Tags, []string{"vip", "newsletter"}) {
		t.Fatalf("created profile not normalised: %+v", c)
	}
	got, err := st.GetCustomer(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, c) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", got, c)
	}
	for name, get := range map[string]func() (customer.Customer, error){
		"by e-mail key": func() (customer.Customer, error) { return st.GetCustomerByEmail(ctx, " PERSON.1@EXAMPLE.com ") },
		"by external":   func() (customer.Customer, error) { return st.GetCustomerByExternalID(ctx, "ext-1") },
	} {
		got, err := get()
		if err != nil || got.ID != c.ID {
			t.Errorf("%s: got %v, %v", name, got.ID, err)
		}
	}

	// nil and empty collections both survive.
	bare := customer.Customer{Email: "bare@example.com", Tags: []string{}, Attributes: map[string]string{}}
	if err := st.CreateCustomer(ctx, &bare); err != nil {
		t.Fatal(err)
	}
	got, err = st.GetCustomer(ctx, bare.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Tags == nil || len(got.Tags) != 0 || got.Attributes == nil || got.Addresses != nil || got.Consents != nil || got.Interests != nil {
		t.Fatalf("nil/empty collections changed: %#v", got)
	}

	if _, err := st.GetCustomer(ctx, uuid.New()); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing customer: %v, want ErrNotFound", err)
	}
	if _, err := st.GetCustomerByEmail(ctx, "nobody@example.com"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing e-mail: %v, want ErrNotFound", err)
	}
}

func TestValidationBeforeWriting(t *testing.T) {
	st := openTest(t, nil)
	ctx := context.Background()
	var cerr *customer.ValidationError
	if err := st.CreateCustomer(ctx, &customer.Customer{}); !errors.As(err, &cerr) {
		t.Errorf("empty customer: %v, want *customer.ValidationError", err)
	}
	var oerr *order.ValidationError
	o := newOrder(uuid.New(), "", t0)
	if err := st.CreateOrder(ctx, &o); !errors.As(err, &oerr) || oerr.Field != "number" {
		t.Errorf("order without number: %v, want *order.ValidationError on number", err)
	}
	var berr *behavior.ValidationError
	if err := st.AppendEvents(ctx, []behavior.Event{newView(uuid.New(), "p", t0), {Kind: "nonsense", VisitorID: "v", At: t0}}); !errors.As(err, &berr) {
		t.Errorf("bad event: %v, want *behavior.ValidationError", err)
	}
	stats, err := st.Stats(ctx)
	if err != nil || stats != (store.Stats{}) {
		t.Errorf("stats after rejected writes: %+v, %v; want all zero", stats, err)
	}
}

func TestOrderAndReturnRoundTrip(t *testing.T) {
	st := openTest(t, nil)
	ctx := context.Background()
	cust := uuid.New()
	o := newOrder(cust, "A-1", t0)
	if err := st.CreateOrder(ctx, &o); err != nil {
		t.Fatal(err)
	}
	got, err := st.GetOrderByNumber(ctx, "A-1")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, o) {
		t.Fatalf("order round trip:\n got %+v\nwant %+v", got, o)
	}
	if got.Total.String() != "30" || got.Lines[0].UnitPrice.StringFixed(2) != "12.50" || got.Lines[0].UnitPrice.Exponent() != -2 {
		t.Errorf("money changed: total %s, unit price %s (exponent %d)", got.Total, got.Lines[0].UnitPrice, got.Lines[0].UnitPrice.Exponent())
	}

	r := order.Return{OrderID: o.ID, CustomerID: cust, Items: []order.ReturnItem{{ProductID: "p1", Quantity: 1, Amount: dec2("12.50")}},
		Amount: dec2("12.50"), Status: order.ReturnRequested, Reason: "too small", RequestedAt: t0.Add(48 * time.Hour)}
	if err := st.CreateReturn(ctx, &r); err != nil {
		t.Fatal(err)
	}
	gotR, err := st.GetReturn(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gotR, r) {
		t.Fatalf("return round trip:\n got %+v\nwant %+v", gotR, r)
	}
	// Returning more than is left is refused by the order's rules.
	over := order.Return{OrderID: o.ID, CustomerID: cust, Items: []order.ReturnItem{{ProductID: "p1", Quantity: 2, Amount: dec2("25.00")}},
		Amount: dec2("25.00"), Status: order.ReturnRequested, RequestedAt: t0.Add(49 * time.Hour)}
	var verr *order.ValidationError
	if err := st.CreateReturn(ctx, &over); !errors.As(err, &verr) {
		t.Errorf("over-return: %v, want *order.ValidationError", err)
	}
	missing := r
	missing.ID, missing.OrderID = uuid.Nil, uuid.New()
	if err := st.CreateReturn(ctx, &missing); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("return on a missing order: %v, want ErrNotFound", err)
	}

	gotR.Status, gotR.ResolvedAt = order.ReturnApproved, t0.Add(72*time.Hour)
	if err := st.UpdateReturn(ctx, &gotR); err != nil || gotR.Version != 2 {
		t.Fatalf("UpdateReturn: %v, version %d", err, gotR.Version)
	}
	stale := r
	if err := st.UpdateReturn(ctx, &stale); !errors.Is(err, store.ErrConflict) {
		t.Errorf("stale return update: %v, want ErrConflict", err)
	}

	if err := st.DeleteOrder(ctx, o.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.GetReturn(ctx, r.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("return after its order was deleted: %v, want ErrNotFound", err)
	}
	if err := st.DeleteOrder(ctx, o.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleting twice: %v, want ErrNotFound", err)
	}
}

func TestEventRoundTrip(t *testing.T) {
	st := openTest(t, nil)
	ctx := context.Background()
	score := 0
	es := []behavior.Event{
		{ID: uuid.New(), Kind: behavior.KindSurvey, CustomerID: uuid.New(), Score: &score, Text: "meh", Attributes: map[string]string{"form": "nps"}, At: t0},
		{ID: uuid.New(), Kind: behavior.KindAddToCart, VisitorID: "v-9", SessionID: "s", ProductID: "p1", Quantity: 3, At: t0.Add(time.Nanosecond * 1500)},
	}
	if err := st.AppendEvents(ctx, es); err != nil {
		t.Fatal(err)
	}
	var got []behavior.Event
	for e, err := range st.Events(ctx, store.EventFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, e)
	}
	want := []behavior.Event{es[0], es[1]}
	want[1].At = store.Timestamp(want[1].At)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("events:\n got %+v\nwant %+v", got, want)
	}
	if *got[0].Score != 0 || got[1].Score != nil {
		t.Errorf("scores: %v %v", got[0].Score, got[1].Score)
	}
	if err := st.AppendEvents(ctx, es[:1]); !errors.Is(err, store.ErrConflict) {
		t.Errorf("appending a stored ID alone: %v, want ErrConflict", err)
	}
	if err := st.AppendEvents(ctx, []behavior.Event{newView(uuid.New(), "p", t0), es[1]}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("appending a stored ID in a batch: %v, want ErrConflict", err)
	}
	if n, _ := st.Stats(ctx); n.Events != 2 {
		t.Errorf("%d events after refused appends, want 2", n.Events)
	}
}

func TestProducts(t *testing.T) {
	st := openTest(t, nil)
	ctx := context.Background()
	ps := []order.Product{
		{ID: "b", Name: "B", Category: "tea", Price: dec2("3.50"), Currency: "EUR", Active: true},
		{ID: "a", Name: "A", Category: "tea", Price: dec2("1"), Currency: "EUR"},
		{ID: "B", Name: "Upper", Category: "mugs", Price: dec2("7.00"), Currency: "EUR", Active: true},
		{ID: "b", Name: "B2", Category: "tea", Price: dec2("3.75"), Currency: "EUR", Active: true},
	}
	if err := st.UpsertProducts(ctx, ps); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for p, err := range st.Products(ctx, store.ProductFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	if !reflect.DeepEqual(ids, []string{"B", "a", "b"}) { // byte order: upper case first
		t.Errorf("product order %v, want [B a b]", ids)
	}
	p, err := st.GetProduct(ctx, "b")
	if err != nil || p.Name != "B2" || p.Price.StringFixed(2) != "3.75" {
		t.Errorf("last upsert should win: %+v, %v", p, err)
	}
	var active []string
	for p, err := range st.Products(ctx, store.ProductFilter{Category: "tea", ActiveOnly: true}) {
		if err != nil {
			t.Fatal(err)
		}
		active = append(active, p.ID)
	}
	if !reflect.DeepEqual(active, []string{"b"}) {
		t.Errorf("active tea: %v, want [b]", active)
	}
	var perr *order.ValidationError
	if err := st.UpsertProducts(ctx, []order.Product{{ID: "x", Price: dec2("-1"), Currency: "EUR"}}); !errors.As(err, &perr) {
		t.Errorf("negative price: %v, want *order.ValidationError", err)
	}
}

func TestClosed(t *testing.T) {
	st := openTest(t, nil)
	ctx := context.Background()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	c := newCustomer(1)
	if err := st.CreateCustomer(ctx, &c); !errors.Is(err, store.ErrClosed) {
		t.Errorf("CreateCustomer after Close: %v", err)
	}
	if _, err := st.Stats(ctx); !errors.Is(err, store.ErrClosed) {
		t.Errorf("Stats after Close: %v", err)
	}
	for _, err := range st.Orders(ctx, store.OrderFilter{}) {
		if !errors.Is(err, store.ErrClosed) {
			t.Errorf("Orders after Close: %v", err)
		}
	}
}

func TestNULBytesAreRefusedClearly(t *testing.T) {
	st := openTest(t, nil)
	ctx := context.Background()
	c := newCustomer(1)
	c.FirstName = "a\x00b"
	if err := st.CreateCustomer(ctx, &c); !errors.Is(err, ErrNULByte) {
		t.Errorf("NUL in a name: %v, want ErrNULByte", err)
	}
	c = newCustomer(2)
	c.Attributes = map[string]string{"note": "a\x00b"}
	if err := st.CreateCustomer(ctx, &c); !errors.Is(err, ErrNULByte) {
		t.Errorf("NUL in JSONB: %v, want ErrNULByte", err)
	}
	e := newView(uuid.New(), "p", t0)
	e.Text = "x\x00"
	if err := st.AppendEvents(ctx, []behavior.Event{e, newView(uuid.New(), "p", t0)}); !errors.Is(err, ErrNULByte) {
		t.Errorf("NUL in an event: %v, want ErrNULByte", err)
	}
}
