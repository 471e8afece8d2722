package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crmkit/crmkit/privacy"
	"github.com/crmkit/crmkit/recommend"
	"github.com/crmkit/crmkit/store"
)

// containsAll reports whether s contains every part.
func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

func TestExportCommand(t *testing.T) {
	db := sharedShop(t)
	ctx := context.Background()
	st := openShop(t, db)
	c, _ := loyalBuyer(t, st)
	orders, _, _ := store.Collect(st.Orders(ctx, store.OrderFilter{CustomerID: c.ID}), 0, store.OrderCursor)
	events, _, _ := store.Collect(st.Events(ctx, store.EventFilter{CustomerID: c.ID}), 0, store.EventCursor)

	file := filepath.Join(t.TempDir(), "export.json")
	_, errOut, code := cli(t, "export", "-db", db, c.ExternalID, "-out", file)
	if code != exitOK || !strings.Contains(errOut, "exported customer "+c.ID.String()+" to "+file) {
		t.Fatalf("export: exit %d, %s", code, errOut)
	}
	info, err := os.Stat(file)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("export file: %v, mode %v", err, info.Mode())
	}
	raw, _ := os.ReadFile(file)
	var doc privacy.Document
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Schema != privacy.ExportSchema || doc.CustomerID != c.ID || doc.Profile == nil || doc.Profile.Email != c.Email ||
		len(doc.Orders) != len(orders) || len(doc.Events) != len(events) || len(doc.Consents) != len(c.Consents) {
		t.Errorf("document: schema %s, %s, %d orders (store %d), %d events (store %d)", doc.Schema, doc.CustomerID, len(doc.Orders), len(orders), len(doc.Events), len(events))
	}
	var stdoutDoc privacy.Document
	cliJSON(t, &stdoutDoc, "export", "-db", db, "-q", c.Email)
	if stdoutDoc.CustomerID != c.ID || len(stdoutDoc.Orders) != len(orders) {
		t.Errorf("export to stdout: %s with %d orders", stdoutDoc.CustomerID, len(stdoutDoc.Orders))
	}
	wantExit(t, exitNotFound, "holds nothing about", "export", "-db", db, "00000000-0000-0000-0000-00000000abcd")
	wantExit(t, exitNotFound, "no customer with external ID", "export", "-db", db, "C999999")
	wantExit(t, exitUsage, "needs one customer", "export", "-db", db)
}

func TestEraseCommand(t *testing.T) {
	db := shopCopy(t)
	ctx := context.Background()
	st := openShop(t, db)
	c, _ := loyalBuyer(t, st)
	orders, _, _ := store.Collect(st.Orders(ctx, store.OrderFilter{CustomerID: c.ID}), 0, store.OrderCursor)
	events, _, _ := store.Collect(st.Events(ctx, store.EventFilter{CustomerID: c.ID}), 0, store.EventCursor)
	st.Close() // the command compacts the file; this test reopens it afterwards

	wantExit(t, exitUnconfirmed, "would erase the personal data of customer "+c.ID.String(), "erase", "-db", db, c.Email)
	st = openShop(t, db)
	if _, err := st.GetCustomer(ctx, c.ID); err != nil {
		t.Fatalf("erase without -yes removed the customer: %v", err)
	}
	st.Close()

	model := filepath.Join(t.TempDir(), "model.bin")
	cliOK(t, "recommend", "-db", db, "-customer", c.ExternalID, "-behavior=false", "-save", model, "-q")
	var receipt privacy.Receipt
	cliJSON(t, &receipt, "erase", "-db", db, "-yes", "-forget-model", model, "-json", "-q", c.ExternalID)
	if receipt.CustomerID != c.ID || !receipt.ProfileRemoved || receipt.OrdersKept != len(orders) ||
		receipt.EventsRemoved != len(events) || receipt.Forgetters != 1 || !receipt.Compacted {
		t.Errorf("receipt %+v; the customer had %d orders and %d events", receipt, len(orders), len(events))
	}

	// Gone by e-mail and external ID; the anonymised orders remain by ID.
	wantExit(t, exitNotFound, "no customer with e-mail", "customers", "show", "-db", db, c.Email)
	var doc privacy.Document
	cliJSON(t, &doc, "export", "-db", db, "-q", c.ID.String())
	if doc.Profile != nil || len(doc.Orders) != len(orders) || len(doc.Events) != 0 {
		t.Errorf("after erasure: profile %v, %d orders, %d events", doc.Profile, len(doc.Orders), len(doc.Events))
	}
	// No copy of the e-mail is left in the database file (the name and
	// phone may be shared with a planted duplicate profile, which stays).
	for _, suffix := range []string{"", "-wal"} {
		raw, err := os.ReadFile(db + suffix)
		if err != nil {
			continue
		}
		if bytes.Contains(raw, []byte(c.Email)) {
			t.Errorf("%s still holds %q", filepath.Base(db+suffix), c.Email)
		}
	}
	// The saved model forgot the customer: they now get the cold-start answer.
	rec, err := loadRecommender(ctx, model)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := rec.Recommend(c.ID.String(), 3)
	if err != nil || len(recs) == 0 || recs[0].Reason.Kind != recommend.ReasonTrending {
		t.Errorf("forgotten customer's recommendations: %+v, %v", recs, err)
	}

	text := cliOK(t, "erase", "-db", db, "-yes", "-q", c.ID.String())
	if !containsAll(text, "erased customer "+c.ID.String(), "none left (already erased)", "orders kept (anonymised)") {
		t.Errorf("second erasure:\n%s", text)
	}
	wantExit(t, exitNotFound, "no customer with external ID", "erase", "-db", db, "-yes", c.ExternalID)
	wantExit(t, exitUsage, "needs one customer", "erase", "-db", db, "-yes")
}
