package insight_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/insight"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// The fixture is a shop small enough to compute its report by hand. Five
// customers (A–E), all prices in whole euros, no shipping or tax:
//
//	A  2026-01-05 book 100          2026-03-10 2 × book 25
//	B  2026-02-10 toy 200           2026-03-15 toy 80, 30 refunded
//	C  2026-03-20 book 40
//	D  2025-12-20 toy 60
//	E  2026-02-20 book 70
//	A  2026-03-05 cancelled order of 999 (ignored)
//
// The period is March 2026; the previous one the 31 days before it
// (2026-01-29 to 2026-03-01); the churn window is 30 days.
var (
	fixturePeriod = insight.Period{From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}
	idA           = uuid.MustParse("00000000-0000-0000-0000-00000000000a")
	idB           = uuid.MustParse("00000000-0000-0000-0000-00000000000b")
	idC           = uuid.MustParse("00000000-0000-0000-0000-00000000000c")
	idD           = uuid.MustParse("00000000-0000-0000-0000-00000000000d")
	idE           = uuid.MustParse("00000000-0000-0000-0000-00000000000e")
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }

func fixtureStore(t *testing.T) *memory.Store {
	t.Helper()
	ctx := context.Background()
	st := memory.New()
	for i, id := range []uuid.UUID{idA, idB, idC, idD, idE} {
		c := customer.Customer{ID: id, Email: fmt.Sprintf("c%d@example.org", i), FirstName: string(rune('A' + i)), LastName: "Fixture"}
		if err := st.CreateCustomer(ctx, &c); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	add := func(id uuid.UUID, at time.Time, status order.Status, refunded int64, product, category string, qty int, price int64) uuid.UUID {
		n++
		total := decimal.NewFromInt(price * int64(qty))
		o := order.Order{Number: fmt.Sprintf("F%03d", n), CustomerID: id, Status: status, Currency: "EUR",
			Lines: []order.Line{{ProductID: product, Name: product, Category: category, Quantity: qty, UnitPrice: decimal.NewFromInt(price)}},
			Total: total, RefundedAmount: decimal.NewFromInt(refunded), PlacedAt: at}
		if err := st.CreateOrder(ctx, &o); err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	add(idA, day(2026, 1, 5), order.StatusDelivered, 0, "book-1", "books", 1, 100)
	oA := add(idA, day(2026, 3, 10), order.StatusDelivered, 0, "book-1", "books", 2, 25)
	add(idB, day(2026, 2, 10), order.StatusDelivered, 0, "toy-1", "toys", 1, 200)
	add(idB, day(2026, 3, 15), order.StatusPartiallyRefunded, 30, "toy-1", "toys", 1, 80)
	add(idC, day(2026, 3, 20), order.StatusDelivered, 0, "book-2", "books", 1, 40)
	add(idD, day(2025, 12, 20), order.StatusDelivered, 0, "toy-2", "toys", 1, 60)
	add(idE, day(2026, 2, 20), order.StatusDelivered, 0, "book-3", "books", 1, 70)
	add(idA, day(2026, 3, 5), order.StatusCancelled, 0, "toy-9", "toys", 1, 999)

	at := day(2026, 3, 10)
	ev := func(kind behavior.Kind, cust uuid.UUID, session string) behavior.Event {
		at = at.Add(time.Minute)
		e := behavior.Event{Kind: kind, CustomerID: cust, SessionID: session, ProductID: "book-1", At: at}
		if cust == uuid.Nil {
			e.VisitorID = "v1"
		}
		switch kind {
		case behavior.KindAddToCart:
			e.Quantity = 1
		case behavior.KindPurchase:
			e.OrderID = oA
		}
		return e
	}
	review := func(at time.Time, rating int, text string) behavior.Event {
		return behavior.Event{Kind: behavior.KindReview, CustomerID: idA, ProductID: "book-1", Rating: rating, Text: text, At: at}
	}
	survey := func(at time.Time, score int) behavior.Event {
		return behavior.Event{Kind: behavior.KindSurvey, CustomerID: idB, Score: &score, At: at}
	}
	events := []behavior.Event{
		ev(behavior.KindView, idA, "s1"), ev(behavior.KindAddToCart, idA, "s1"), ev(behavior.KindPurchase, idA, "s1"),
		ev(behavior.KindView, idA, "s2"),
		ev(behavior.KindView, uuid.Nil, "s3"), ev(behavior.KindAddToCart, uuid.Nil, "s3"),
		ev(behavior.KindAddToCart, idC, "s4"), ev(behavior.KindPurchase, idC, "s4"),
		ev(behavior.KindView, idB, "s5"), ev(behavior.KindView, idB, "s5"), ev(behavior.KindAddToCart, idB, "s5"),
		// Before the period: not in the funnel.
		{Kind: behavior.KindView, CustomerID: idE, SessionID: "s6", ProductID: "book-3", At: day(2026, 2, 15)},
		review(day(2026, 3, 11), 5, "Excellent, really great!"),
		review(day(2026, 3, 12), 4, "Good product."),
		review(day(2026, 3, 13), 2, "Arrived broken. Not good."),
		review(day(2026, 3, 14), 1, "Terrible. Delivery was very late and it arrived broken."),
		review(day(2026, 2, 10), 3, "Okay."),
		review(day(2026, 2, 20), 5, "Perfect."),
		survey(day(2026, 3, 2), 10), survey(day(2026, 3, 3), 9), survey(day(2026, 3, 4), 7), survey(day(2026, 3, 5), 3),
		survey(day(2026, 2, 5), 0), // previous period
	}
	if err := st.AppendEvents(ctx, events); err != nil {
		t.Fatal(err)
	}
	return st
}

func fixtureReport(t *testing.T) *insight.Report {
	t.Helper()
	r, err := insight.Build(context.Background(), fixtureStore(t), insight.Options{
		Period: fixturePeriod, ChurnWindow: 30 * 24 * time.Hour, Cohorts: 4, Scenarios: []insight.Scenario{}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}
