package forecast

import (
	"errors"
	"testing"
	"time"

	"github.com/crmkit/crmkit/order"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

func testOrder(at string, status order.Status, lines ...order.Line) order.Order {
	t, err := time.Parse(time.RFC3339, at)
	if err != nil {
		panic(err)
	}
	o := order.Order{ID: uuid.New(), Number: at, Status: status, Currency: "EUR", Lines: lines, PlacedAt: t}
	o.Total = o.ComputeTotal()
	return o
}

func line(product, category string, qty int, price string) order.Line {
	return order.Line{ProductID: product, Category: category, Quantity: qty, UnitPrice: decimal.RequireFromString(price)}
}

func TestSalesSeriesZeroFillsAndSkipsCancelled(t *testing.T) {
	orders := []order.Order{
		testOrder("2026-03-02T10:00:00Z", order.StatusPaid, line("p1", "tea", 2, "5.00")),
		testOrder("2026-03-02T18:00:00Z", order.StatusDelivered, line("p2", "mugs", 1, "12.50")),
		testOrder("2026-03-03T09:00:00Z", order.StatusCancelled, line("p1", "tea", 10, "5.00")),
		testOrder("2026-03-05T23:59:59Z", order.StatusShipped, line("p1", "tea", 1, "5.00"), line("p2", "mugs", 2, "12.50")),
	}
	s := SalesSeries(orders, Daily)
	want := []float64{22.5, 0, 0, 30}
	if !s.Start.Equal(time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)) || len(s.Values) != len(want) {
		t.Fatalf("series %+v", s)
	}
	assertSliceRel(t, "daily revenue", s.Values, want, 1e-12)
	if got := s.Time(3); !got.Equal(time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Time(3) = %v", got)
	}

	units, err := BuildSeries(orders, Daily, &SeriesOptions{Measure: Units, Group: ByProduct})
	if err != nil {
		t.Fatal(err)
	}
	if len(units) != 2 || units[0].Key != "p1" || units[1].Key != "p2" {
		t.Fatalf("groups %+v", units)
	}
	assertSliceRel(t, "p1 units", units[0].Values, []float64{2, 0, 0, 1}, 0)
	assertSliceRel(t, "p2 units", units[1].Values, []float64{1, 0, 0, 2}, 0)

	// Weekly: 2026-03-02 is a Monday; a From a week earlier keeps an empty week.
	wk, err := BuildSeries(orders, Weekly, &SeriesOptions{Measure: Orders, From: time.Date(2026, 2, 23, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	assertSliceRel(t, "weekly orders", wk[0].Values, []float64{0, 3}, 0)

	mixed := append(orders, testOrder("2026-03-04T10:00:00Z", order.StatusPaid, line("p3", "tea", 1, "3.00")))
	mixed[len(mixed)-1].Currency = "USD"
	if _, err := BuildSeries(mixed, Daily, nil); !errors.Is(err, ErrInvalid) {
		t.Errorf("mixed currencies: %v", err)
	}
	if got := Monthly.Truncate(time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC)); got.Day() != 1 {
		t.Errorf("monthly truncate %v", got)
	}
	if got := Quarterly.Truncate(time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC)); !got.Equal(time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("quarterly truncate %v", got)
	}
	if got := Quarterly.Add(time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), 1); !got.Equal(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("quarterly add %v", got)
	}
}
