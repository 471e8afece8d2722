package api_test

import (
	"net/http"
	"testing"

	"github.com/crmkit/crmkit/privacy"
	"github.com/crmkit/crmkit/recommend"
	"github.com/google/uuid"
)

func TestExportAndErase(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	id := f.buyer(2)
	var doc privacy.Document
	f.call("GET", "/customers/"+id.String()+"/export", supportKey, nil).want(t, http.StatusOK).decode(t, &doc)
	if doc.Schema != privacy.ExportSchema || doc.Profile == nil || doc.Profile.ID != id || len(doc.Orders) < 2 {
		t.Fatalf("export: schema %q, profile %v, %d orders", doc.Schema, doc.Profile != nil, len(doc.Orders))
	}
	var events int
	for _, e := range f.shop.Events {
		if e.CustomerID == id {
			events++
		}
	}
	if len(doc.Events) != events {
		t.Fatalf("exported %d events, the shop has %d", len(doc.Events), events)
	}
	// Marketers may not export; only erasers erase.
	f.call("GET", "/customers/"+id.String()+"/export", marketerKey, nil).problem(t, http.StatusForbidden)
	f.call("POST", "/customers/"+id.String()+"/erase", supportKey, nil).problem(t, http.StatusForbidden)
	f.call("GET", "/customers/"+uuid.NewString()+"/export", adminKey, nil).problem(t, http.StatusNotFound)

	before, err := f.rec.Recommend(id.String(), 3)
	if err != nil || len(before) == 0 {
		t.Fatal(err, before)
	}
	var rc privacy.Receipt
	f.call("POST", "/customers/"+id.String()+"/erase", adminKey, nil).want(t, http.StatusOK).decode(t, &rc)
	if !rc.ProfileRemoved || rc.EventsRemoved != events || rc.OrdersKept != len(doc.Orders) || rc.Forgetters != 1 {
		t.Fatalf("receipt %+v", rc)
	}
	f.call("GET", "/customers/"+id.String(), adminKey, nil).problem(t, http.StatusNotFound)
	// The recommender forgot the history: only cold-start reasons remain.
	forgotten, err := f.rec.Recommend(id.String(), 3)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range forgotten {
		if r.Reason.Kind != recommend.ReasonTrending && r.Reason.Kind != recommend.ReasonPopularSegment {
			t.Fatalf("after erasure the recommender still explains %q by %s", r.Item, r.Reason.Kind)
		}
	}
	var after privacy.Document
	f.call("GET", "/customers/"+id.String()+"/export", adminKey, nil).want(t, http.StatusOK).decode(t, &after)
	if after.Profile != nil || len(after.Events) != 0 || len(after.Orders) != len(doc.Orders) {
		t.Fatalf("after erasure: profile %v, %d events, %d orders", after.Profile != nil, len(after.Events), len(after.Orders))
	}
	for _, r := range after.Returns {
		if r.Reason != "" {
			t.Fatalf("return %s keeps its reason %q", r.ID, r.Reason)
		}
	}
	// Erasing again succeeds and removes nothing new.
	f.call("POST", "/customers/"+id.String()+"/erase", adminKey, nil).want(t, http.StatusOK).decode(t, &rc)
	if rc.ProfileRemoved || rc.EventsRemoved != 0 {
		t.Fatalf("second receipt %+v", rc)
	}
	f.call("POST", "/customers/"+id.String()+"/erase", adminKey, `{"why":"x"}`).problem(t, http.StatusBadRequest)
}
