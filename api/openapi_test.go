package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/crmkit/crmkit/api"
	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/crmkit/crmkit/store/postgres/pgtest"
	"github.com/crmkit/crmkit/store/sqlite"
	"github.com/google/uuid"
)

type openAPIDoc struct {
	OpenAPI    string                                `json:"openapi"`
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas    map[string]any            `json:"schemas"`
		Parameters map[string]map[string]any `json:"parameters"`
	} `json:"components"`
}

type operation struct {
	Responses map[string]struct {
		Content map[string]struct {
			Schema map[string]any `json:"schema"`
		} `json:"content"`
	} `json:"responses"`
}

func loadDoc(t *testing.T) openAPIDoc {
	t.Helper()
	var d openAPIDoc
	if err := json.Unmarshal(api.OpenAPI, &d); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(d.OpenAPI, "3.") {
		t.Fatalf("openapi %q", d.OpenAPI)
	}
	return d
}

var httpMethods = []string{"get", "put", "post", "delete", "patch", "head", "options"}

// documented returns "METHOD /path" for every operation in the document.
func (d openAPIDoc) documented() []string {
	var out []string
	for p, item := range d.Paths {
		for m := range item {
			if slices.Contains(httpMethods, m) {
				out = append(out, strings.ToUpper(m)+" "+p)
			}
		}
	}
	sort.Strings(out)
	return out
}

func (d openAPIDoc) operation(t *testing.T, methodPath string) operation {
	t.Helper()
	m, p, _ := strings.Cut(methodPath, " ")
	raw, ok := d.Paths[p][strings.ToLower(m)]
	if !ok {
		t.Fatalf("%s is not documented", methodPath)
	}
	var op operation
	if err := json.Unmarshal(raw, &op); err != nil {
		t.Fatal(err)
	}
	return op
}

// TestOpenAPIMatchesRoutes checks that the document and the handler's routes
// are the same set, and that each documented operation reaches a handler.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	t.Parallel()
	d := loadDoc(t)
	f := newFixture(t, nil)
	routes := f.h.Routes()
	sort.Strings(routes)
	if docs := d.documented(); !slices.Equal(docs, routes) {
		t.Fatalf("documented operations\n%v\ndiffer from the routes\n%v", docs, routes)
	}
	for _, op := range d.documented() {
		m, p, _ := strings.Cut(op, " ")
		req := httptest.NewRequest(m, strings.ReplaceAll(p, "{id}", uuid.NewString()), nil)
		rec := httptest.NewRecorder()
		f.h.ServeHTTP(rec, req)
		// Unauthenticated, a routed operation answers 401 from the route's
		// own wrapper; an unrouted one would be a 404 or 405.
		want := http.StatusUnauthorized
		if p == "/openapi.json" {
			want = http.StatusOK
		}
		if rec.Code != want {
			t.Fatalf("%s: %d, want %d: %s", op, rec.Code, want, rec.Body)
		}
	}
	// Every $ref in the document resolves.
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["$ref"].(string); ok {
				name := ref[strings.LastIndex(ref, "/")+1:]
				switch {
				case strings.HasPrefix(ref, "#/components/schemas/") && d.Components.Schemas[name] != nil:
				case strings.HasPrefix(ref, "#/components/parameters/") && d.Components.Parameters[name] != nil:
				default:
					t.Fatalf("unresolved $ref %s", ref)
				}
			}
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	var all any
	if err := json.Unmarshal(api.OpenAPI, &all); err != nil {
		t.Fatal(err)
	}
	walk(all)
}

// session runs calls against the fixture, validating every response
// against the document and recording which operations answered 2xx.
type session struct {
	t       *testing.T
	f       *fixture
	doc     openAPIDoc
	sv      *schemaValidator
	covered map[string]bool
	checked int
}

// do calls the operation op ("METHOD /template") with the path's {id}
// replaced by id, and returns the response after validating it.
func (s *session) do(op, id, query, key string, body any, wantStatus int) response {
	s.t.Helper()
	m, tmpl, _ := strings.Cut(op, " ")
	path := strings.ReplaceAll(tmpl, "{id}", id) + query
	r := s.f.call(m, path, key, body)
	if r.status != wantStatus {
		s.t.Fatalf("%s %s: %d, want %d: %s", m, path, r.status, wantStatus, r.body)
	}
	spec := s.doc.operation(s.t, op)
	resp, ok := spec.Responses[fmt.Sprint(r.status)]
	if !ok {
		resp, ok = spec.Responses["default"]
	}
	if !ok {
		s.t.Fatalf("%s: status %d is not documented", op, r.status)
	}
	ctype := r.header.Get("Content-Type")
	media, ok := resp.Content[ctype]
	if !ok {
		s.t.Fatalf("%s: %d with Content-Type %q, documented %v", op, r.status, ctype, resp.Content)
	}
	v, err := decodeAny(r.body)
	if err != nil {
		s.t.Fatalf("%s: body is not JSON: %v", op, err)
	}
	if errs := s.sv.validate(v, media.Schema, "$"); len(errs) > 0 {
		s.t.Fatalf("%s: %d response breaks its schema:\n%s\n%s", op, r.status, strings.Join(errs, "\n"), r.body)
	}
	s.checked++
	if r.status < 300 {
		s.covered[op] = true
	}
	return r
}

// TestOpenAPIScriptedSession drives every operation through a realistic
// session and validates each response, successes and problems, against
// the documented schema.
func TestOpenAPIScriptedSession(t *testing.T) {
	t.Parallel()
	for _, b := range []struct {
		name string
		open func(t *testing.T) store.Store
	}{
		{"memory", func(*testing.T) store.Store { return memory.New() }},
		{"sqlite", func(t *testing.T) store.Store {
			st, err := sqlite.Open(filepath.Join(t.TempDir(), "shop.db"), nil)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			return st
		}},
		// Skipped unless CRMKIT_POSTGRES_DSN names a server.
		{"postgres", func(t *testing.T) store.Store { return pgtest.Open(t) }},
	} {
		t.Run(b.name, func(t *testing.T) {
			if raceEnabled && b.name != "memory" {
				t.Skip("SQL backends are too slow under the race detector; run without -race")
			}
			t.Parallel()
			scriptedSession(t, newFixtureOn(t, b.open(t), nil))
		})
	}
}

func scriptedSession(t *testing.T, f *fixture) {
	d := loadDoc(t)
	s := &session{t: t, f: f, doc: d, sv: &schemaValidator{schemas: d.Components.Schemas}, covered: map[string]bool{}}
	none := ""

	s.do("GET /openapi.json", none, "", "", nil, 200)
	s.do("GET /stats", none, "", adminKey, nil, 200)
	var c customer.Customer
	s.do("POST /customers", none, "", serviceKey, map[string]any{
		"email": "grace@example.net", "first_name": "Grace", "phone": "+44 20 7946 0000",
		"addresses":  []map[string]any{{"kind": "billing", "line1": "1 Main St", "city": "London", "country": "GB"}},
		"consents":   []map[string]any{{"channel": "email", "granted": true, "at": "2026-01-02T10:00:00Z", "source": "checkout"}},
		"attributes": map[string]string{"language": "en"},
	}, 201).decode(t, &c)
	id := c.ID.String()
	s.do("POST /customers", none, "", serviceKey, map[string]any{"email": "grace@example.net"}, 409)
	s.do("POST /customers", none, "", serviceKey, map[string]any{"email": "not an address"}, 422)
	s.do("POST /customers", none, "", serviceKey, `{"email": 7}`, 400)
	s.do("GET /customers/{id}", id, "", supportKey, nil, 200)
	s.do("GET /customers/{id}", id, "", marketerKey, nil, 200)
	s.do("GET /customers/{id}", uuid.NewString(), "", supportKey, nil, 404)
	s.do("GET /customers/{id}", "123", "", supportKey, nil, 400)
	c.Tags = []string{"beta"}
	var upd customer.Customer
	s.do("PUT /customers/{id}", id, "", supportKey, c, 200).decode(t, &upd)
	s.do("PUT /customers/{id}", id, "", supportKey, c, 409)
	s.do("GET /customers", none, "?limit=5", analystKey, nil, 200)
	s.do("GET /customers", none, "?email=grace@example.net", supportKey, nil, 200)
	s.do("GET /customers", none, "?email=grace@example.net", analystKey, nil, 403)
	s.do("GET /customers", none, "?limit=0", analystKey, nil, 400)

	buyer := f.buyer(3).String()
	s.do("GET /customers/{id}/orders", buyer, "?limit=2", analystKey, nil, 200)
	s.do("GET /customers/{id}/recommendations", buyer, "?n=4", marketerKey, nil, 200)
	s.do("GET /customers/{id}/segment", buyer, "", analystKey, nil, 200)
	s.do("GET /customers/{id}/segment", id, "", analystKey, nil, 200)
	s.do("GET /customers/{id}/clv", buyer, "", analystKey, nil, 200)
	s.do("GET /customers/{id}/clv", id, "", analystKey, nil, 200)
	s.do("GET /customers/{id}/export", buyer, "", supportKey, nil, 200)
	s.do("GET /reports/kpi", none, "?from=2026-08-01&to=2026-11-01", analystKey, nil, 200)

	var o order.Order
	s.do("POST /orders", none, "", serviceKey, map[string]any{
		"number": "S-1", "customer_id": id, "currency": "EUR", "payment_method": "card",
		"lines": []map[string]any{{"product_id": f.shop.Products[2].ID, "name": "Thing", "quantity": 1, "unit_price": "12.50", "discount": "0"}},
	}, 201).decode(t, &o)
	s.do("GET /orders/{id}", o.ID.String(), "", analystKey, nil, 200)
	s.do("POST /orders/{id}/status", o.ID.String(), "", serviceKey, api.StatusUpdate{Status: order.StatusPaid}, 200)
	s.do("POST /orders/{id}/status", o.ID.String(), "", serviceKey, api.StatusUpdate{Status: order.StatusPending}, 409)
	var ret order.Return
	s.do("POST /returns", none, "", supportKey, map[string]any{
		"order_id": o.ID, "reason": "broken", "refund_only": true, "items": []map[string]any{{"product_id": f.shop.Products[2].ID, "quantity": 1, "amount": "12.50"}},
	}, 201).decode(t, &ret)
	s.do("GET /returns/{id}", ret.ID.String(), "", supportKey, nil, 200)
	score := 9
	s.do("POST /events", none, "", serviceKey, api.EventBatch{Events: []behavior.Event{
		{Kind: behavior.KindSurvey, CustomerID: c.ID, Score: &score, Text: "great", At: f.now},
		{Kind: behavior.KindView, VisitorID: "v-9", SessionID: "s-1", ProductID: f.shop.Products[3].ID, At: f.now},
	}}, 201)

	var other customer.Customer
	s.do("POST /customers", none, "", serviceKey, map[string]any{"external_id": "dup-1", "last_name": "Hopper"}, 201).decode(t, &other)
	s.do("POST /customers/{id}/merge", id, "", adminKey, api.MergeRequest{DropID: other.ID}, 200)
	s.do("POST /customers/{id}/erase", id, "", adminKey, nil, 200)
	s.do("GET /customers/{id}/export", id, "", adminKey, nil, 200)
	var third customer.Customer
	s.do("POST /customers", none, "", serviceKey, map[string]any{"external_id": "del-1"}, 201).decode(t, &third)
	s.do("DELETE /customers/{id}", third.ID.String(), "", adminKey, nil, 200)
	s.do("DELETE /customers/{id}", third.ID.String(), "", adminKey, nil, 404)
	s.do("GET /stats", none, "", "", nil, 401)

	for _, op := range d.documented() {
		if !s.covered[op] {
			t.Errorf("the session never got a 2xx from %s", op)
		}
	}
	t.Logf("%d responses validated", s.checked)
}

// TestSchemaValidator checks the validator itself on values that must
// pass and fail.
func TestSchemaValidator(t *testing.T) {
	t.Parallel()
	d := loadDoc(t)
	sv := &schemaValidator{schemas: d.Components.Schemas}
	ref := func(n string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + n} }
	cases := []struct {
		schema map[string]any
		json   string
		ok     bool
	}{
		{ref("Problem"), `{"type":"t","title":"x","status":400}`, true},
		{ref("Problem"), `{"type":"t","title":"x"}`, false},                        // required status
		{ref("Problem"), `{"type":"t","title":"x","status":4.5}`, false},           // not an integer
		{ref("Problem"), `{"type":"t","title":"x","status":400,"extra":1}`, false}, // no additional members
		{ref("Consent"), `{"channel":"fax","granted":true,"at":"2026-01-01T00:00:00Z","source":"s"}`, false},
		{ref("Consent"), `{"channel":"sms","granted":true,"at":"yesterday","source":"s"}`, false},
		{ref("Consent"), `{"channel":"sms","granted":true,"at":"2026-01-01T00:00:00Z","source":"s"}`, true},
		{ref("ReturnItem"), `{"product_id":"p","quantity":1,"amount":"1.5"}`, true},
		{ref("ReturnItem"), `{"product_id":"p","quantity":1,"amount":1.5}`, false}, // money is a string
		{ref("ReturnItem"), `{"product_id":"p","quantity":1,"amount":"1,5"}`, false},
		{ref("EventBatchResult"), `{"accepted":1,"ids":["not-a-uuid"]}`, false},
		{ref("ExportDocument"), `{"schema":"s","customer_id":"` + uuid.NewString() + `","generated_at":"2026-01-01T00:00:00Z","profile":null,"consents":[],"orders":[],"returns":[],"events":[],"audit":[]}`, true},
		{ref("CustomerPage"), `{"items":null}`, false},
		{map[string]any{"type": "string", "contains": "x"}, `"x"`, false}, // unsupported keyword
		{ref("Nope"), `{}`, false},
	}
	for i, c := range cases {
		v, err := decodeAny([]byte(c.json))
		if err != nil {
			t.Fatal(err)
		}
		errs := sv.validate(v, c.schema, "$")
		if (len(errs) == 0) != c.ok {
			t.Errorf("case %d %s: faults %v, want ok=%v", i, c.json, errs, c.ok)
		}
	}
}
