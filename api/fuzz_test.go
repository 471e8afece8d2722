package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/crmkit/crmkit/access"
	"github.com/crmkit/crmkit/api"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/google/uuid"
)

// fuzzHandler is one handler over an empty memory store shared by the
// fuzz targets: fuzzing needs speed more than a demo shop.
var fuzzHandler = sync.OnceValue(func() http.Handler {
	h, err := api.New(memory.New(), &api.Options{
		MaxBodyBytes: 8 << 10,
		Keys:         []api.APIKey{{Hash: api.HashKey(adminKey), Principal: access.Principal{ID: "fuzz", Roles: []access.Role{access.RoleAdmin}}}},
	})
	if err != nil {
		panic(err)
	}
	return h
})

// fuzzRequest sends body to method path and fails unless the answer is a
// success or a 4xx problem document.
func fuzzRequest(t *testing.T, method, path, body string) {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+adminKey)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	fuzzHandler().ServeHTTP(rec, req)
	switch {
	case rec.Code >= 500:
		t.Fatalf("%s %s %q: status %d: %s", method, path, body, rec.Code, rec.Body)
	case rec.Code >= 400:
		if rec.Header().Get("Content-Type") != "application/problem+json" {
			t.Fatalf("%q: %d without a problem document", body, rec.Code)
		}
		var p api.Problem
		if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || p.Status != rec.Code || p.Type == "" {
			t.Fatalf("%q: bad problem %s", body, rec.Body)
		}
	case rec.Code >= 300:
		// The mux redirects paths with "." or ".." segments to their clean form.
		if rec.Header().Get("Location") == "" {
			t.Fatalf("%s %s: redirect %d without Location", method, path, rec.Code)
		}
	case !json.Valid(rec.Body.Bytes()):
		t.Fatalf("%q: %d with invalid JSON %s", body, rec.Code, rec.Body)
	}
}

var customerSeeds = []string{
	`{"email":"a@example.com"}`,
	`{"email":"b@example.com","first_name":"B","addresses":[{"line1":"1 St","city":"X","country":"DE"}],"tags":["vip"]}`,
	`{"external_id":"C1","phone":"+49 30 1234567","consents":[{"channel":"sms","granted":true,"at":"2026-01-01T00:00:00Z","source":"web"}]}`,
	`{"email":"' OR 1=1 --"}`,
	`{"email":null,"phone":""}`,
	`{"id":"00000000-0000-0000-0000-000000000000","version":-5}`,
	`{"attributes":{"":"x"}}`,
	`{"email":"a@example.com","unknown":1}`,
	`{"email":"\u0000@\u0000.de"}`,
	`[]`, `{`, `null`, `"x"`, `1e999`, `{"tags":[null]}`,
}

func FuzzCreateCustomer(f *testing.F) {
	for _, s := range customerSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		fuzzRequest(t, "POST", "/customers", body)
	})
}

func FuzzUpdateCustomer(f *testing.F) {
	for _, s := range customerSeeds {
		f.Add(s, uuid.NewString())
	}
	f.Add(`{"email":"a@example.com","version":1}`, "not-a-uuid")
	f.Fuzz(func(t *testing.T, body, id string) {
		fuzzRequest(t, "PUT", "/customers/"+url.PathEscape(id), body)
	})
}

func FuzzCreateOrder(f *testing.F) {
	cust := uuid.NewString()
	for _, s := range []string{
		`{"number":"N1","customer_id":"` + cust + `","currency":"EUR","lines":[{"product_id":"p","quantity":1,"unit_price":"9.99","discount":"0"}]}`,
		`{"number":"N2","customer_id":"` + cust + `","currency":"EUR","status":"paid","lines":[{"product_id":"p","quantity":3,"unit_price":1.5,"discount":0.5}],"shipping":"4.95","tax":"0"}`,
		`{"number":"N3","customer_id":"` + cust + `","currency":"EUR","lines":[{"product_id":"p","quantity":-1,"unit_price":"-9","discount":"0"}]}`,
		`{"number":"","lines":[]}`,
		`{"total":"1e100000"}`,
		`{"lines":[{"quantity":9223372036854775807,"unit_price":"99999999999999999999"}]}`,
		`{"placed_at":"0000-01-01T00:00:00Z"}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		fuzzRequest(t, "POST", "/orders", body)
	})
}

func FuzzIngestEvents(f *testing.F) {
	for _, s := range []string{
		`{"events":[{"kind":"view","visitor_id":"v","product_id":"p","at":"2026-01-01T00:00:00Z"}]}`,
		`{"events":[{"kind":"survey","customer_id":"` + uuid.NewString() + `","score":11,"at":"2026-01-01T00:00:00Z"}]}`,
		`{"events":[{"kind":"review","visitor_id":"v","product_id":"p","rating":0,"at":"2026-01-01T00:00:00Z"}]}`,
		`{"events":[{"kind":"search","visitor_id":"v","query":"","at":"2026-01-01T00:00:00Z"}]}`,
		`{"events":[{}]}`, `{"events":null}`, `{"events":[null]}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		fuzzRequest(t, "POST", "/events", body)
	})
}
