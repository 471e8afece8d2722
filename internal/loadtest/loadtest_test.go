package loadtest_test

import (
	"bytes"
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/crmkit/crmkit/access"
	"github.com/crmkit/crmkit/api"
	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/internal/loadtest"
	"github.com/crmkit/crmkit/recommend"
	"github.com/crmkit/crmkit/store/memory"
)

// TestRunSmall runs a short load against the API on a memory store and
// requires no errors and no lost writes.
func TestRunSmall(t *testing.T) {
	ctx := context.Background()
	shop, err := demo.Generate(&demo.Options{Customers: 150, Seed: 3, NoEvents: true})
	if err != nil {
		t.Fatal(err)
	}
	st := memory.New()
	if _, err := shop.Load(ctx, st, nil); err != nil {
		t.Fatal(err)
	}
	in, err := recommend.FromOrders(shop.Orders, &recommend.OrderOptions{Products: shop.Products})
	if err != nil {
		t.Fatal(err)
	}
	m, err := recommend.TrainEASE(ctx, in, nil)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := recommend.NewRecommender(ctx, m, nil)
	if err != nil {
		t.Fatal(err)
	}
	h, err := api.New(st, &api.Options{
		Recommender: rec,
		Keys:        []api.APIKey{{Hash: api.HashKey("k"), Principal: access.Principal{ID: "load", Roles: []access.Role{access.RoleService}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	before, _ := st.Stats(ctx)

	res, err := loadtest.Run(ctx, loadtest.Config{BaseURL: srv.URL, Key: "k", Clients: 8, Requests: 800, Duration: 20 * time.Second, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := res.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + out.String())
	if res.Errors != 0 || res.Lost != 0 {
		t.Fatalf("%d errors, %d lost writes: %v", res.Errors, res.Lost, res.FirstErrors)
	}
	if res.Requests != 800 {
		t.Fatalf("%d requests, the bound was 800", res.Requests)
	}
	kinds := map[string]int{}
	for _, k := range res.Kinds {
		kinds[k.Kind] = k.Requests
		if k.P50 <= 0 || k.P99 < k.P50 || k.Max < k.P99 {
			t.Fatalf("kind %s: p50 %v p99 %v max %v", k.Kind, k.P50, k.P99, k.Max)
		}
	}
	for _, k := range []string{loadtest.KindGetCustomer, loadtest.KindCreateCustomer, loadtest.KindCreateOrder, loadtest.KindIngestEvents, loadtest.KindRecommend} {
		if kinds[k] == 0 {
			t.Fatalf("no %s requests in %v", k, kinds)
		}
	}
	// The store itself agrees with the acknowledged writes.
	after, _ := st.Stats(ctx)
	if got := after.Customers - before.Customers; got != res.Acknowledged.Customers || got != int64(kinds[loadtest.KindCreateCustomer]) {
		t.Fatalf("store grew by %d customers, %d acknowledged", got, res.Acknowledged.Customers)
	}
	if got := after.Orders - before.Orders; got != res.Acknowledged.Orders {
		t.Fatalf("store grew by %d orders, %d acknowledged", got, res.Acknowledged.Orders)
	}
	if got := after.Events - before.Events; got != res.Acknowledged.Events || got != 5*int64(kinds[loadtest.KindIngestEvents]) {
		t.Fatalf("store grew by %d events, %d acknowledged", got, res.Acknowledged.Events)
	}
	if !strings.Contains(out.String(), "lost writes: 0") {
		t.Fatalf("report without the lost-writes line:\n%s", out.String())
	}

	// Bounded by time alone: requests in flight at the deadline finish, so
	// the store holds exactly what was acknowledged.
	res, err = loadtest.Run(ctx, loadtest.Config{BaseURL: srv.URL, Key: "k", Clients: 8, Duration: 1500 * time.Millisecond, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.Errors != 0 || res.Lost != 0 || res.Unacknowledged != 0 || res.Stored != res.Acknowledged || res.Requests == 0 {
		t.Fatalf("timed run: %d requests, %d errors, acknowledged %+v, stored %+v", res.Requests, res.Errors, res.Acknowledged, res.Stored)
	}
}

// TestRunDetectsLoss points the load at a server that acknowledges writes
// it does not keep: the run must report them lost.
func TestRunDetectsLoss(t *testing.T) {
	ctx := context.Background()
	shop, err := demo.Generate(&demo.Options{Customers: 60, Seed: 4, NoEvents: true})
	if err != nil {
		t.Fatal(err)
	}
	st := memory.New()
	if _, err := shop.Load(ctx, st, nil); err != nil {
		t.Fatal(err)
	}
	h, err := api.New(forgetful{st}, &api.Options{
		Keys: []api.APIKey{{Hash: api.HashKey("k"), Principal: access.Principal{ID: "load", Roles: []access.Role{access.RoleService}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	res, err := loadtest.Run(ctx, loadtest.Config{BaseURL: srv.URL, Key: "k", Clients: 4, Requests: 200, Mix: [3]int{1, 3, 0}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Acknowledged.Events == 0 || res.Lost != int(res.Acknowledged.Events) {
		t.Fatalf("acknowledged %d events, lost %d, want all lost", res.Acknowledged.Events, res.Lost)
	}
}
