package privacy_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/privacy"
	"github.com/crmkit/crmkit/recommend"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/sqlite"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

var _ privacy.Forgetter = (*recommend.Recommender)(nil)

func TestErase(t *testing.T) {
	backends(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		p := seedPerson(t, ctx, st, 1, t0)
		other := seedPerson(t, ctx, st, 2, t0)
		_, compactable := st.(*sqlite.Store)

		rec := &recorder{}
		rc, err := privacy.Erase(ctx, st, p.ID, &privacy.EraseOptions{Forgetters: []privacy.Forgetter{rec}, Now: func() time.Time { return t0 }})
		if err != nil {
			t.Fatal(err)
		}
		// Every backend keeps a journal: the changes with payloads are the
		// profile's create, the two orders' creates, the return's create
		// and the update that cleared its reason.
		want := privacy.Receipt{
			CustomerID: p.ID, ErasedAt: t0, ProfileRemoved: true, EventsRemoved: 3, ReturnReasonsCleared: 1,
			AuditRecordsScrubbed: 5, OrdersKept: 2, ReturnsKept: 1, Forgetters: 1, Compacted: compactable,
		}
		if rc != want {
			t.Fatalf("receipt\n got %+v\nwant %+v", rc, want)
		}
		if !slices.Equal(rec.forgot, []string{p.ID.String()}) {
			t.Errorf("forgetter told %v", rec.forgot)
		}
		if _, err := st.GetCustomer(ctx, p.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("profile still there: err = %v", err)
		}

		// What is kept: the orders' figures, the returns without their text.
		d, err := privacy.Export(ctx, st, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Profile != nil || len(d.Events) != 0 || len(d.Orders) != 2 || len(d.Returns) != 1 {
			t.Fatalf("after erasure: profile %v, %d events, %d orders, %d returns", d.Profile, len(d.Events), len(d.Orders), len(d.Returns))
		}
		if total := d.Orders[0].Total.Add(d.Orders[1].Total); !total.Equal(decimal.RequireFromString("89.60")) {
			t.Errorf("kept order totals add up to %s, want 89.60", total)
		}
		if r := d.Returns[0]; r.Reason != "" || !r.Amount.Equal(decimal.RequireFromString("39.90")) || r.Status != order.ReturnRequested {
			t.Errorf("kept return = %+v, want no reason, amount 39.90", r)
		}
		var buf bytes.Buffer
		if err := d.WriteJSON(&buf); err != nil {
			t.Fatal(err)
		}
		for _, v := range []string{p.Email, p.First, p.Last, p.Phone, p.Street, p.Review, p.Reason} {
			if strings.Contains(buf.String(), v) {
				t.Errorf("erased customer's %q still held", v)
			}
		}

		// The other customer is untouched.
		od, err := privacy.Export(ctx, st, other.ID)
		if err != nil {
			t.Fatal(err)
		}
		if od.Profile == nil || len(od.Events) != 3 || od.Returns[0].Reason == "" {
			t.Errorf("bystander changed: profile %v, %d events, reason %q", od.Profile != nil, len(od.Events), od.Returns[0].Reason)
		}

		// Idempotent: a second call succeeds and removes nothing new.
		again, err := privacy.Erase(ctx, st, p.ID, &privacy.EraseOptions{Forgetters: []privacy.Forgetter{rec}, Now: func() time.Time { return t0 }})
		if err != nil {
			t.Fatal(err)
		}
		want.ProfileRemoved, want.EventsRemoved, want.ReturnReasonsCleared, want.Forgetters = false, 0, 0, 1
		want.AuditRecordsScrubbed = 0
		if again != want {
			t.Errorf("second erasure\n got %+v\nwant %+v", again, want)
		}
	})
}

func TestEraseUnknownAndNil(t *testing.T) {
	ctx := context.Background()
	backends(t, func(t *testing.T, st store.Store) {
		rc, err := privacy.Erase(ctx, st, uuid.New(), &privacy.EraseOptions{SkipCompact: true})
		if err != nil {
			t.Fatal(err)
		}
		if rc.ProfileRemoved || rc.EventsRemoved != 0 || rc.OrdersKept != 0 || rc.Compacted {
			t.Errorf("unknown customer: %+v", rc)
		}
		if _, err := privacy.Erase(ctx, st, uuid.Nil, nil); !errors.Is(err, privacy.ErrNoCustomer) {
			t.Errorf("nil ID: err = %v, want ErrNoCustomer", err)
		}
	})
}

// TestEraseForgetsInRecommender checks the forgetting end to end with a real
// recommender: before, the customer's purchase counts as seen; after, the
// customer is a stranger served like any new visitor.
func TestEraseForgetsInRecommender(t *testing.T) {
	ctx := context.Background()
	st := openSQLite(t)
	defer st.Close()
	p := seedPerson(t, ctx, st, 1, t0)
	seedPerson(t, ctx, st, 2, t0)
	orders, err := collectOrders(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	// A second product bought by someone else, so a stranger gets two items.
	o := &order.Order{Number: "N-x", CustomerID: uuid.New(), Status: order.StatusPaid, Currency: "EUR",
		Lines:    []order.Line{{ProductID: "p-toaster", Quantity: 1, UnitPrice: decimal.RequireFromString("20")}},
		PlacedAt: t0}
	o.Total = o.ComputeTotal()
	orders = append(orders, *o)
	in, err := recommend.FromOrders(orders, nil)
	if err != nil {
		t.Fatal(err)
	}
	m, err := recommend.TrainMostPop(ctx, in, nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err := recommend.NewRecommender(ctx, m, nil)
	if err != nil {
		t.Fatal(err)
	}
	items := func() []string {
		recs, err := r.Recommend(p.ID.String(), 5, recommend.ExcludeSeen())
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, x := range recs {
			ids = append(ids, x.Item)
		}
		slices.Sort(ids)
		return ids
	}
	if got := items(); !slices.Equal(got, []string{"p-toaster"}) {
		t.Fatalf("before erasure: %v, want only p-toaster (the kettle was bought)", got)
	}
	if _, err := privacy.Erase(ctx, st, p.ID, &privacy.EraseOptions{Forgetters: []privacy.Forgetter{r}}); err != nil {
		t.Fatal(err)
	}
	if got := items(); !slices.Equal(got, []string{"p-kettle", "p-toaster"}) {
		t.Errorf("after erasure: %v, want both items (nothing seen any more)", got)
	}
}

func collectOrders(ctx context.Context, st store.Store) ([]order.Order, error) {
	var out []order.Order
	for o, err := range st.Orders(ctx, store.OrderFilter{}) {
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

// TestEraseOrphanEvents erases events stored under a customer ID that has
// no profile, as when they arrive during or after an erasure.
func TestEraseOrphanEvents(t *testing.T) {
	backends(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		id := uuid.New()
		text := marker("late review ")
		if err := st.AppendEvents(ctx, []behavior.Event{
			{Kind: behavior.KindReview, CustomerID: id, ProductID: "p-kettle", Rating: 2, Text: text, At: t0},
			{Kind: behavior.KindView, CustomerID: id, ProductID: "p-kettle", At: t0},
		}); err != nil {
			t.Fatal(err)
		}
		rc, err := privacy.Erase(ctx, st, id, nil)
		if err != nil {
			t.Fatal(err)
		}
		if rc.ProfileRemoved || rc.EventsRemoved != 2 {
			t.Errorf("receipt %+v, want 2 events removed and no profile", rc)
		}
		d, err := privacy.Export(ctx, st, id)
		if err != nil {
			t.Fatal(err)
		}
		// What stays is the audit trail of the writes — the appends (digests
		// only) and the stand-in profile's create and delete, whose payload
		// holds nothing personal — so that the chain stays verifiable.
		if d.Profile != nil || len(d.Orders)+len(d.Returns)+len(d.Events) > 0 {
			t.Errorf("left behind: %+v", d)
		}
		for _, a := range d.Audit {
			var rec map[string]any
			if err := json.Unmarshal(a, &rec); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(a), text) {
				t.Errorf("audit record keeps the review text: %s", a)
			}
			if rec["after_data"] != nil && !strings.Contains(string(a), "crmkit-erasure-") {
				t.Errorf("audit record keeps a payload other than the stand-in's: %s", a)
			}
		}
		if _, err := st.GetCustomerByExternalID(ctx, "crmkit-erasure-"+id.String()); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("stand-in profile left: %v", err)
		}
	})
}

// TestEraseCountsLinkedAnonymousEvents: anonymous events in the customer's
// sessions or under the customer's visitor ID are reported as kept.
func TestEraseCountsLinkedAnonymousEvents(t *testing.T) {
	backends(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		p := seedPerson(t, ctx, st, 1, t0)
		session, visitor := marker("s-"), marker("v-")
		evs := []behavior.Event{
			{Kind: behavior.KindView, CustomerID: p.ID, SessionID: session, VisitorID: visitor, ProductID: "p-kettle", At: t0},
			// Anonymous, same session (before signing up): linked.
			{Kind: behavior.KindSearch, VisitorID: marker("v-"), SessionID: session, Query: "kettle", At: t0.Add(-time.Minute)},
			// Anonymous, same visitor, another session: linked.
			{Kind: behavior.KindView, VisitorID: visitor, SessionID: marker("s-"), ProductID: "p-kettle", At: t0.Add(-time.Hour)},
			// Anonymous, same session and visitor: linked, counted once.
			{Kind: behavior.KindView, VisitorID: visitor, SessionID: session, ProductID: "p-mug", At: t0.Add(-2 * time.Minute)},
			// Someone else entirely.
			{Kind: behavior.KindView, VisitorID: marker("v-"), SessionID: marker("s-"), ProductID: "p-kettle", At: t0},
		}
		if err := st.AppendEvents(ctx, evs); err != nil {
			t.Fatal(err)
		}
		rc, err := privacy.Erase(ctx, st, p.ID, &privacy.EraseOptions{SkipCompact: true})
		if err != nil {
			t.Fatal(err)
		}
		if rc.EventsRemoved != p.Events+1 || rc.AnonymousEventsKept != 3 {
			t.Errorf("receipt %+v: want %d events removed, 3 anonymous kept", rc, p.Events+1)
		}
	})
}
