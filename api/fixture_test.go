package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/crmkit/crmkit/access"
	"github.com/crmkit/crmkit/api"
	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/recommend"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
)

// The keys of the test fixture, one per role of the default policy.
const (
	adminKey    = "test-admin-key"
	supportKey  = "test-support-key"
	marketerKey = "test-marketer-key"
	analystKey  = "test-analyst-key"
	serviceKey  = "test-service-key"
)

var testKeys = map[string]access.Role{
	adminKey: access.RoleAdmin, supportKey: access.RoleSupport, marketerKey: access.RoleMarketer,
	analystKey: access.RoleAnalyst, serviceKey: access.RoleService,
}

// fixture is a demo shop in a memory store served by the API on an
// httptest server, with a recommender trained on the shop's orders.
type fixture struct {
	t    testing.TB
	shop *demo.Shop
	st   store.Store
	h    *api.Handler
	srv  *httptest.Server
	rec  *recommend.Recommender
	now  time.Time
}

// testShop is generated once; fixtures load it into stores of their own
// and only read it.
var testShop = sync.OnceValues(func() (*demo.Shop, error) {
	return demo.Generate(&demo.Options{Customers: 120, Seed: 11})
})

func newFixture(t testing.TB, mutate func(*api.Options)) *fixture {
	t.Helper()
	return newFixtureOn(t, memory.New(), mutate)
}

// newFixtureOn is newFixture on the store given, which must be empty.
func newFixtureOn(t testing.TB, st store.Store, mutate func(*api.Options)) *fixture {
	t.Helper()
	ctx := context.Background()
	shop, err := testShop()
	if err != nil {
		t.Fatal(err)
	}
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
	catalogue, names := recommend.CatalogFrom(shop.Products)
	rec, err := recommend.NewRecommender(ctx, m, &recommend.RecommenderOptions{Products: catalogue, Names: names})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, shop: shop, st: st, rec: rec, now: shop.End.Add(24 * time.Hour)}
	opts := &api.Options{Recommender: rec, Now: func() time.Time { return f.now }}
	for key, role := range testKeys {
		opts.Keys = append(opts.Keys, api.APIKey{Hash: api.HashKey(key), Principal: access.Principal{ID: string(role) + "-1", Roles: []access.Role{role}}})
	}
	if mutate != nil {
		mutate(opts)
	}
	f.h, err = api.New(st, opts)
	if err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewServer(f.h)
	t.Cleanup(f.srv.Close)
	return f
}

// response is what a call returned.
type response struct {
	status int
	header http.Header
	body   []byte
}

// decode unmarshals the body into v, failing the test on error.
func (r response) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// call sends a request; body is marshalled to JSON unless it is a string
// or []byte, sent as is.
func (f *fixture) call(method, path, key string, body any, headers ...string) response {
	f.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewReader([]byte(b))
	case []byte:
		rd = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			f.t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, f.srv.URL+path, rd)
	if err != nil {
		f.t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := f.srv.Client().Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: out}
}

// want fails the test unless the response has the status.
func (r response) want(t testing.TB, status int) response {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	return r
}

// problem checks that the response is a problem document with the status
// and returns it.
func (r response) problem(t testing.TB, status int) api.Problem {
	t.Helper()
	r.want(t, status)
	if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("Content-Type %q, want application/problem+json: %s", ct, r.body)
	}
	var p api.Problem
	r.decode(t, &p)
	if p.Status != status || p.Type == "" || p.Title == "" {
		t.Fatalf("problem %+v: want status %d with type and title", p, status)
	}
	return p
}
