package api_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/crmkit/crmkit/access"
	"github.com/crmkit/crmkit/api"
	"github.com/crmkit/crmkit/store/memory"
)

func TestAuthentication(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	path := "/customers/" + f.shop.Customers[0].ID.String()
	for name, headers := range map[string][]string{
		"none":         nil,
		"unknown key":  {"Authorization", "Bearer not-a-key"},
		"basic scheme": {"Authorization", "Basic " + adminKey},
		"empty bearer": {"Authorization", "Bearer "},
		"key prefix":   {"X-API-Key", adminKey[:len(adminKey)-1]},
	} {
		r := f.call("GET", path, "", nil, headers...)
		if p := r.problem(t, http.StatusUnauthorized); p.Type != api.ProblemUnauthenticated {
			t.Fatalf("%s: %+v", name, p)
		}
		if !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") {
			t.Fatalf("%s: no WWW-Authenticate challenge", name)
		}
	}
	f.call("GET", path, "", nil, "X-API-Key", adminKey).want(t, http.StatusOK)
	f.call("GET", path, "", nil, "Authorization", "bearer "+adminKey).want(t, http.StatusOK)
	// The document is public.
	f.call("GET", "/openapi.json", "", nil).want(t, http.StatusOK)
	// Unknown routes and methods are problems too, after authentication or not.
	f.call("GET", "/nowhere", adminKey, nil).problem(t, http.StatusNotFound)
	r := f.call("PATCH", path, adminKey, `{}`)
	r.problem(t, http.StatusMethodNotAllowed)
	if r.header.Get("Allow") == "" {
		t.Fatal("405 without Allow")
	}
}

// TestAuthenticator checks a host's own authenticator and that writes are
// recorded under the principal as actor.
func TestAuthenticator(t *testing.T) {
	t.Parallel()
	f := newFixture(t, func(o *api.Options) {
		o.Keys = nil
		o.Authenticate = func(r *http.Request) (access.Principal, error) {
			if r.Header.Get("X-Session") != "s3cret" {
				return access.Principal{}, errors.New("no session")
			}
			return access.Principal{ID: "agent-7", Roles: []access.Role{access.RoleSupport}}, nil
		}
	})
	f.call("GET", "/stats", "", nil).problem(t, http.StatusUnauthorized)
	f.call("GET", "/stats", adminKey, nil).problem(t, http.StatusUnauthorized)
	f.call("GET", "/stats", "", nil, "X-Session", "s3cret").want(t, http.StatusOK)
	f.call("DELETE", "/customers/"+f.shop.Customers[0].ID.String(), "", nil, "X-Session", "s3cret").problem(t, http.StatusForbidden)

	if _, err := api.New(memory.New(), nil); !errors.Is(err, api.ErrNoAuthentication) {
		t.Fatalf("New without authentication: %v", err)
	}
	if _, err := api.New(nil, &api.Options{Keys: []api.APIKey{{Hash: api.HashKey("k"), Principal: access.Principal{ID: "x", Roles: []access.Role{access.RoleAdmin}}}}}); err == nil {
		t.Fatal("New accepted a nil store")
	}
}

func TestNewKey(t *testing.T) {
	t.Parallel()
	a, err := api.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := api.NewKey()
	if a == b || len(a) < 40 || api.HashKey(a) == api.HashKey(b) {
		t.Fatalf("keys %q %q", a, b)
	}
}

// TestRolesAcrossRoutes checks that what each role can do over HTTP is
// what the policy grants.
func TestRolesAcrossRoutes(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	id := f.shop.Customers[1].ID.String()
	pol := access.DefaultPolicy()
	for key, role := range testKeys {
		pr := access.Principal{ID: "x", Roles: []access.Role{role}}
		check := func(method, path string, body any, res access.Resource, act access.Action) {
			t.Helper()
			r := f.call(method, path, key, body)
			allowed := pol.Allows(pr, res, act)
			if allowed && r.status == http.StatusForbidden || !allowed && r.status != http.StatusForbidden {
				t.Fatalf("%s %s %s: status %d, policy allows %s %s: %v (%s)", role, method, path, r.status, act, res, allowed, r.body)
			}
		}
		check("GET", "/customers/"+id, nil, access.ResourceCustomers, access.ActionRead)
		check("GET", "/stats", nil, access.ResourceStats, access.ActionRead)
		check("GET", "/customers/"+id+"/orders", nil, access.ResourceOrders, access.ActionRead)
		check("GET", "/customers/"+id+"/export", nil, access.ResourceCustomers, access.ActionExport)
		check("POST", "/customers", map[string]any{"external_id": "role-" + string(role)}, access.ResourceCustomers, access.ActionWrite)
	}
}
