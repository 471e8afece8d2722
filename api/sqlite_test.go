package api_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/crmkit/crmkit/access"
	"github.com/crmkit/crmkit/api"
	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/privacy"
	"github.com/crmkit/crmkit/store/sqlite"
)

// TestEraseOnSQLite erases a customer through the API on a SQLite file:
// the receipt says the store was compacted, and the customer's e-mail is
// no longer anywhere in the database file.
func TestEraseOnSQLite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shop.db")
	st, err := sqlite.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	shop, err := demo.Generate(&demo.Options{Customers: 40, Seed: 5, NoEvents: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := shop.Load(ctx, st, nil); err != nil {
		t.Fatal(err)
	}
	h, err := api.New(st, &api.Options{Keys: []api.APIKey{{Hash: api.HashKey(adminKey), Principal: access.Principal{ID: "dpo", Roles: []access.Role{access.RoleAdmin}}}}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	f := &fixture{t: t, srv: srv}
	victim := shop.Customers[7]
	if victim.Email == "" {
		t.Fatal("the chosen customer has no e-mail")
	}
	var rc privacy.Receipt
	f.call("POST", "/customers/"+victim.ID.String()+"/erase", adminKey, nil).want(t, http.StatusOK).decode(t, &rc)
	if !rc.ProfileRemoved || !rc.Compacted {
		t.Fatalf("receipt %+v", rc)
	}
	f.call("GET", "/customers/"+victim.ID.String(), adminKey, nil).want(t, http.StatusNotFound)
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(path + suffix)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(victim.Email)) {
			t.Fatalf("%s still holds %q", filepath.Base(path+suffix), victim.Email)
		}
	}
	// Another customer's e-mail is still found, so the scan above can see one.
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(shop.Customers[8].Email)) {
		t.Fatal("the byte scan finds no other customer's e-mail either: it proves nothing")
	}
}
