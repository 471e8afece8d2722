package api_test

import (
	"context"
	"math"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/crmkit/crmkit/api"
	"github.com/crmkit/crmkit/clv"
	"github.com/crmkit/crmkit/recommend"
	"github.com/crmkit/crmkit/segment"
	"github.com/crmkit/crmkit/segment/segmentstore"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// buyer returns a customer of the shop with at least n orders that count.
func (f *fixture) buyer(n int) uuid.UUID {
	counts := map[uuid.UUID]int{}
	for _, o := range f.shop.Orders {
		if o.Counts() {
			counts[o.CustomerID]++
		}
	}
	for _, c := range f.shop.Customers {
		if counts[c.ID] >= n {
			return c.ID
		}
	}
	f.t.Fatalf("no customer with %d orders", n)
	return uuid.Nil
}

func TestRecommendations(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	id := f.buyer(3)
	var got api.Recommendations
	f.call("GET", "/customers/"+id.String()+"/recommendations?n=5", marketerKey, nil).want(t, http.StatusOK).decode(t, &got)
	want, err := f.rec.Recommend(id.String(), 5, recommend.ExcludeSeen())
	if err != nil {
		t.Fatal(err)
	}
	if got.CustomerID != id || len(got.Items) != 5 || len(want) != 5 {
		t.Fatalf("got %d items, want 5 and 5", len(got.Items))
	}
	for i := range want {
		if got.Items[i].Item != want[i].Item || got.Items[i].Reason.Text == "" {
			t.Fatalf("item %d: %+v, want %+v", i, got.Items[i], want[i])
		}
	}
	// Items already bought come back only when asked for.
	bought := map[string]bool{}
	for _, o := range f.shop.Orders {
		if o.CustomerID == id {
			for _, l := range o.Lines {
				bought[l.ProductID] = true
			}
		}
	}
	for _, r := range got.Items {
		if bought[r.Item] {
			t.Fatalf("recommended %s, already bought", r.Item)
		}
	}
	f.call("GET", "/customers/"+id.String()+"/recommendations?n=0", marketerKey, nil).problem(t, http.StatusBadRequest)
	f.call("GET", "/customers/"+id.String()+"/recommendations?exclude_seen=maybe", marketerKey, nil).problem(t, http.StatusBadRequest)
	f.call("GET", "/customers/"+uuid.NewString()+"/recommendations", marketerKey, nil).problem(t, http.StatusNotFound)

	// Without a recommender the route says so.
	g := newFixture(t, func(o *api.Options) { o.Recommender = nil })
	g.call("GET", "/customers/"+id.String()+"/recommendations", marketerKey, nil).problem(t, http.StatusServiceUnavailable)
}

// TestSegmentMatchesEngine checks the served segment against the segment
// package run directly on the store's summaries.
func TestSegmentMatchesEngine(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	recs, err := segmentstore.Records(context.Background(), f.st, store.SummaryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := segment.RFM(recs, segment.RFMOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, want := range res.Scores[:20] {
		var got api.SegmentMembership
		f.call("GET", "/customers/"+want.CustomerID.String()+"/segment", analystKey, nil).want(t, http.StatusOK).decode(t, &got)
		if got.RFM == nil || *got.RFM != want || got.Segment != want.Segment || !got.AsOf.Equal(res.AsOf) {
			t.Fatalf("customer %s: got %+v, want %+v", want.CustomerID, got, want)
		}
		if got.Summary.Orders != want.Frequency {
			t.Fatalf("summary orders %d, RFM frequency %d", got.Summary.Orders, want.Frequency)
		}
		checked++
	}
	// A customer without orders has none.
	var c struct{ ID uuid.UUID }
	f.call("POST", "/customers", serviceKey, `{"email":"new@example.com"}`).want(t, http.StatusCreated).decode(t, &c)
	var none api.SegmentMembership
	f.call("GET", "/customers/"+c.ID.String()+"/segment", analystKey, nil).want(t, http.StatusOK).decode(t, &none)
	if none.Segment != api.SegmentNone || none.RFM != nil || none.Summary.Orders != 0 {
		t.Fatalf("customer without orders: %+v", none)
	}
	// The service role reads customers but not summaries.
	f.call("GET", "/customers/"+res.Scores[0].CustomerID.String()+"/segment", serviceKey, nil).problem(t, http.StatusForbidden)
}

// TestCLVMatchesEngine checks the CLV the API fits itself against the clv
// package fitted directly on the same orders.
func TestCLVMatchesEngine(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := context.Background()
	ss, err := clv.Summaries(f.shop.Orders, nil)
	if err != nil {
		t.Fatal(err)
	}
	bg, err := clv.FitBGNBD(ctx, ss, nil)
	if err != nil {
		t.Fatal(err)
	}
	gg, err := clv.FitGammaGamma(ctx, ss, nil)
	if err != nil {
		t.Fatal(err)
	}
	horizon := float64(365*24*time.Hour) / float64(7*24*time.Hour)
	vals, err := clv.Values(bg, gg, ss, clv.ValueOptions{Horizon: horizon, Periods: 12, DiscountRate: api.DefaultCLVDiscount})
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range vals[:15] {
		var got api.CLVPrediction
		f.call("GET", "/customers/"+want.CustomerID.String()+"/clv", analystKey, nil).want(t, http.StatusOK).decode(t, &got)
		if got.Value == nil || got.Model != "bgnbd" || got.UnitDays != 7 || math.Abs(got.Horizon-horizon) > 1e-12 {
			t.Fatalf("customer %s: %+v", want.CustomerID, got)
		}
		if *got.Summary != ss[k] {
			t.Fatalf("summary %+v, want %+v", *got.Summary, ss[k])
		}
		if d := math.Abs(got.Value.CLV - want.CLV); d > 1e-9*math.Max(1, want.CLV) {
			t.Fatalf("customer %s: CLV %v, want %v", want.CustomerID, got.Value.CLV, want.CLV)
		}
		if math.Abs(got.Value.PAlive-want.PAlive) > 1e-12 {
			t.Fatalf("p_alive %v, want %v", got.Value.PAlive, want.PAlive)
		}
	}

	// A host-supplied model is used as given.
	host := &api.CLVModel{Name: "host-bgnbd", Purchases: bg, Spend: gg, AsOf: f.shop.End, Value: clv.ValueOptions{Horizon: 26}}
	g := newFixture(t, func(o *api.Options) { o.CLV = host })
	var got api.CLVPrediction
	g.call("GET", "/customers/"+vals[0].CustomerID.String()+"/clv", analystKey, nil).want(t, http.StatusOK).decode(t, &got)
	if got.Model != "host-bgnbd" || got.Horizon != 26 || got.Value == nil || !got.AsOf.Equal(f.shop.End) {
		t.Fatalf("host model answer %+v", got)
	}
	if _, err := api.New(f.st, &api.Options{Keys: []api.APIKey{{Hash: api.HashKey("k")}}, CLV: &api.CLVModel{}}); err == nil {
		t.Fatal("New accepted a key without a principal and a CLV model without models")
	}
}

func TestKPIReport(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	var rep struct {
		SchemaVersion int `json:"schema_version"`
		Period        struct{ From, To time.Time }
		KPIs          []struct {
			Key     string
			Current float64
		} `json:"kpis"`
	}
	f.call("GET", "/reports/kpi?from=2026-08-01&to=2026-11-01", analystKey, nil).want(t, http.StatusOK).decode(t, &rep)
	if rep.SchemaVersion != 1 || !rep.Period.From.Equal(time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)) || len(rep.KPIs) == 0 {
		t.Fatalf("report %+v", rep)
	}
	// The revenue KPI equals the revenue of the period's orders.
	var want float64
	for _, o := range f.shop.Orders {
		if o.Counts() && !o.PlacedAt.Before(rep.Period.From) && o.PlacedAt.Before(rep.Period.To) {
			want += o.Revenue().InexactFloat64()
		}
	}
	found := false
	for _, k := range rep.KPIs {
		if k.Key == "revenue" {
			found = true
			if math.Abs(k.Current-want) > 0.01 {
				t.Fatalf("revenue %v, want %v", k.Current, want)
			}
		}
	}
	if !found {
		t.Fatal("no revenue KPI")
	}
	f.call("GET", "/reports/kpi?from=2026-08-01", analystKey, nil).problem(t, http.StatusBadRequest)
	f.call("GET", "/reports/kpi?from=2026-11-01&to=2026-08-01", analystKey, nil).problem(t, http.StatusBadRequest)
	f.call("GET", "/reports/kpi?to=31.12.2026", analystKey, nil).problem(t, http.StatusBadRequest)
	f.call("GET", "/reports/kpi?from=2001-01-01&to=2001-02-01", analystKey, nil).problem(t, http.StatusUnprocessableEntity)
	f.call("GET", "/reports/kpi", serviceKey, nil).problem(t, http.StatusForbidden)
}

// TestKPIReportCache checks that a report is reused within AnalyticsTTL,
// per set of roles, and rebuilt after it.
func TestKPIReportCache(t *testing.T) {
	t.Parallel()
	var offset atomic.Int64
	var f *fixture
	f = newFixture(t, func(o *api.Options) {
		o.AnalyticsTTL = time.Minute
		o.Now = func() time.Time { return f.now.Add(time.Duration(offset.Load())) }
	})
	revenue := func(key string) float64 {
		var rep struct {
			KPIs []struct {
				Key     string
				Current float64
			} `json:"kpis"`
		}
		f.call("GET", "/reports/kpi?from=2026-08-01&to=2026-11-01", key, nil).want(t, http.StatusOK).decode(t, &rep)
		for _, k := range rep.KPIs {
			if k.Key == "revenue" {
				return k.Current
			}
		}
		t.Fatal("no revenue KPI")
		return 0
	}
	before := revenue(analystKey)
	f.call("POST", "/orders", serviceKey, map[string]any{
		"number": "KPI-1", "customer_id": f.shop.Customers[0].ID, "currency": "EUR", "status": "paid", "placed_at": "2026-10-15T12:00:00Z",
		"lines": []map[string]any{{"product_id": f.shop.Products[0].ID, "quantity": 1, "unit_price": "1000.00", "discount": "0"}},
	}).want(t, http.StatusCreated)
	if got := revenue(analystKey); got != before {
		t.Fatalf("within the TTL the report changed: %v -> %v", before, got)
	}
	// Another set of roles gets a report of its own, built now.
	if got := revenue(adminKey); math.Abs(got-before-1000) > 0.005 {
		t.Fatalf("admin's report: revenue %v, want %v", got, before+1000)
	}
	offset.Store(int64(2 * time.Minute))
	if got := revenue(analystKey); math.Abs(got-before-1000) > 0.005 {
		t.Fatalf("after the TTL: revenue %v, want %v", got, before+1000)
	}
}

// TestSegmentMisconfigured checks that RFM options the data cannot satisfy
// (recency measured from before the last orders) give a 503 problem.
func TestSegmentMisconfigured(t *testing.T) {
	t.Parallel()
	f := newFixture(t, func(o *api.Options) {
		o.RFM = &segment.RFMOptions{AsOf: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	})
	p := f.call("GET", "/customers/"+f.buyer(1).String()+"/segment", analystKey, nil).problem(t, http.StatusServiceUnavailable)
	if p.Type != api.ProblemUnavailable {
		t.Fatalf("problem %+v", p)
	}
}
