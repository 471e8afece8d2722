package api_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/crmkit/crmkit/api"
)

// TestFaults sends hostile and broken requests to every kind of route:
// each must get a 4xx problem document, never a 5xx.
func TestFaults(t *testing.T) {
	t.Parallel()
	f := newFixture(t, func(o *api.Options) { o.MaxBodyBytes = 4096 })
	cust := f.shop.Customers[0].ID.String()
	order := f.shop.Orders[0].ID.String()
	big := `{"email":"a@example.com","first_name":"` + strings.Repeat("x", 5000) + `"}`
	sqlish := []string{
		`' OR '1'='1`, `'; DROP TABLE customers; --`, `" UNION SELECT email FROM customers --`,
		`1; DELETE FROM orders`, `%' OR 1=1 --`, `\x00'`,
	}
	type fault struct {
		name, method, path, body string
		headers                  []string
		status                   int
		field                    string
	}
	faults := []fault{
		{"malformed JSON", "POST", "/customers", `{"email": "a@example.com"`, nil, 400, ""},
		{"not JSON at all", "POST", "/customers", `email=a@example.com`, nil, 400, ""},
		{"JSON array for an object", "POST", "/customers", `[1,2,3]`, nil, 400, ""},
		{"two JSON values", "POST", "/customers", `{"email":"a@example.com"}{"email":"b@example.com"}`, nil, 400, ""},
		{"empty body", "POST", "/customers", ``, nil, 400, ""},
		{"null body", "POST", "/orders", `null`, nil, 422, "number"},
		{"oversized body", "POST", "/customers", big, nil, 413, ""},
		{"oversized events", "POST", "/events", `{"events":[` + strings.Repeat(`{"kind":"view"},`, 400) + `{}]}`, nil, 413, ""},
		{"wrong media type", "POST", "/customers", `{"email":"a@example.com"}`, []string{"Content-Type", "text/plain"}, 415, ""},
		{"wrong type: string for integer", "POST", "/orders", `{"number":"X","lines":[{"quantity":"two"}]}`, nil, 400, "lines.quantity"},
		{"wrong type: number for string", "POST", "/customers", `{"email":12}`, nil, 400, "email"},
		{"wrong type: object for array", "POST", "/customers", `{"email":"a@example.com","tags":{"a":1}}`, nil, 400, "tags"},
		{"wrong type: bad UUID in body", "POST", "/orders", `{"customer_id":"nope"}`, nil, 400, ""},
		{"wrong type: bad decimal", "POST", "/orders", `{"total":"12.3.4"}`, nil, 400, ""},
		{"wrong type: bad time", "POST", "/events", `{"events":[{"kind":"view","at":"tomorrow"}]}`, nil, 400, ""},
		{"wrong type: huge number", "POST", "/customers", `{"version":1e400}`, nil, 400, ""},
		{"unknown field", "POST", "/customers", `{"email":"a@example.com","is_admin":true}`, nil, 400, "is_admin"},
		{"unknown nested field", "POST", "/customers", `{"email":"a@example.com","addresses":[{"line1":"x","city":"y","country":"GB","planet":"Mars"}]}`, nil, 400, "planet"},
		{"unknown field in events", "POST", "/events", `{"events":[],"force":true}`, nil, 400, "force"},
		{"invalid ID in path", "GET", "/customers/not-a-uuid", ``, nil, 400, "id"},
		{"nil ID in path", "GET", "/customers/00000000-0000-0000-0000-000000000000", ``, nil, 400, "id"},
		{"invalid order ID", "POST", "/orders/12345/status", `{"status":"paid"}`, nil, 400, "id"},
		{"invalid return ID", "GET", "/returns/..%2F..%2Fetc", ``, nil, 400, "id"},
		{"unknown customer", "GET", "/customers/0b5c4c1e-0d43-4b36-a6b5-3a3f8e8f6f10", ``, nil, 404, ""},
		{"bad merge target", "POST", "/customers/" + cust + "/merge", `{"drop_id":"x"}`, nil, 400, ""},
		{"unknown order status", "POST", "/orders/" + order + "/status", `{"status":"lost"}`, nil, 422, "status"},
		{"negative limit", "GET", "/customers?limit=-1", ``, nil, 400, "limit"},
		{"forged cursor", "GET", "/customers?cursor=dDoxOnh4", ``, nil, 400, "cursor"},
		{"bad n", "GET", "/customers/" + cust + "/recommendations?n=1000000", ``, nil, 400, "n"},
		{"bad date", "GET", "/reports/kpi?from=2026-13-01&to=2026-14-01", ``, nil, 400, "from"},
		{"validation: bad e-mail", "POST", "/customers", `{"email":"@@"}`, nil, 422, "email"},
		{"validation: bad country", "POST", "/customers", `{"email":"a@example.com","addresses":[{"line1":"x","city":"y","country":"Britain"}]}`, nil, 422, "addresses[0].country"},
		{"validation: bad currency", "POST", "/orders", `{"number":"N","customer_id":"` + cust + `","currency":"XXXX","lines":[{"product_id":"p","quantity":1,"unit_price":"1","discount":"0"}]}`, nil, 422, "currency"},
	}
	for _, s := range sqlish {
		q := url.QueryEscape(s)
		faults = append(faults,
			fault{"SQL in e-mail", "POST", "/customers", `{"email":` + quote(s) + `}`, nil, 422, "email"},
			fault{"SQL in path", "GET", "/customers/" + url.PathEscape(s), ``, nil, 400, "id"},
			fault{"SQL in cursor", "GET", "/customers?cursor=" + q, ``, nil, 400, "cursor"},
			fault{"SQL in order status", "POST", "/orders/" + order + "/status", `{"status":` + quote(s) + `}`, nil, 422, "status"},
			fault{"SQL in event kind", "POST", "/events", `{"events":[{"kind":` + quote(s) + `,"visitor_id":"v","at":"2026-01-01T00:00:00Z"}]}`, nil, 422, "events[0].kind"},
		)
	}
	for _, c := range faults {
		var body any
		if c.body != "" {
			body = c.body
		}
		r := f.call(c.method, c.path, adminKey, body, c.headers...)
		if r.status >= 500 || r.status < 400 {
			t.Errorf("%s: status %d: %s", c.name, r.status, r.body)
			continue
		}
		p := r.problem(t, c.status)
		if c.field != "" && p.Field != c.field {
			t.Errorf("%s: field %q, want %q (%+v)", c.name, p.Field, c.field, p)
		}
	}
	// SQL-looking values stored as data come back as data, and find nothing when searched.
	for i, s := range sqlish {
		var page api.CustomerPage
		f.call("GET", "/customers?external_id="+url.QueryEscape(s), adminKey, nil).want(t, http.StatusOK).decode(t, &page)
		if len(page.Items) != 0 {
			t.Fatalf("external_id %q found %d customers", s, len(page.Items))
		}
		var c struct {
			ExternalID string `json:"external_id"`
		}
		f.call("POST", "/customers", adminKey, map[string]any{"external_id": s + string(rune('a'+i))}).want(t, http.StatusCreated).decode(t, &c)
		if c.ExternalID != s+string(rune('a'+i)) {
			t.Fatalf("stored %q, sent %q", c.ExternalID, s)
		}
		f.call("GET", "/customers?tag="+url.QueryEscape(s), adminKey, nil).want(t, http.StatusOK).decode(t, &page)
		if len(page.Items) != 0 {
			t.Fatalf("tag %q found %d customers", s, len(page.Items))
		}
	}
}

func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}
