package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The benchmarks call the handler directly (no network) on the fixture's
// memory store, so they measure the API layer: authentication, the access
// wrapper, decoding, encoding.

func benchCall(b *testing.B, f *fixture, method string, path func(i int) string, body func(i int) string, want int) {
	b.Helper()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		var rd *strings.Reader
		if body != nil {
			rd = strings.NewReader(body(i))
		} else {
			rd = strings.NewReader("")
		}
		req := httptest.NewRequest(method, path(i), rd)
		req.Header.Set("Authorization", "Bearer "+adminKey)
		rec := httptest.NewRecorder()
		f.h.ServeHTTP(rec, req)
		if rec.Code != want {
			b.Fatalf("%d: %s", rec.Code, rec.Body)
		}
	}
}

func BenchmarkGetCustomer(b *testing.B) {
	f := newFixture(b, nil)
	ids := make([]string, len(f.shop.Customers))
	for i, c := range f.shop.Customers {
		ids[i] = c.ID.String()
	}
	benchCall(b, f, "GET", func(i int) string { return "/customers/" + ids[i%len(ids)] }, nil, http.StatusOK)
}

func BenchmarkCreateCustomer(b *testing.B) {
	f := newFixture(b, nil)
	benchCall(b, f, "POST", func(int) string { return "/customers" },
		func(i int) string {
			return fmt.Sprintf(`{"external_id":"bench-%d","email":"bench-%d@example.com","tags":["x"]}`, i, i)
		}, http.StatusCreated)
}

func BenchmarkRecommendations(b *testing.B) {
	f := newFixture(b, nil)
	id := f.buyer(3).String()
	benchCall(b, f, "GET", func(int) string { return "/customers/" + id + "/recommendations?n=10" }, nil, http.StatusOK)
}
