package privacy_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/crmkit/crmkit/privacy"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

func TestExport(t *testing.T) {
	backends(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		p := seedPerson(t, ctx, st, 1, t0)
		other := seedPerson(t, ctx, st, 2, t0)

		d, err := privacy.Export(ctx, st, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Profile == nil || d.Profile.Email != p.Email || d.Profile.LastName != p.Last {
			t.Fatalf("profile = %+v, want e-mail %s", d.Profile, p.Email)
		}
		if len(d.Orders) != p.Orders || len(d.Returns) != p.Returns || len(d.Events) != p.Events || len(d.Consents) != 1 {
			t.Fatalf("got %d orders, %d returns, %d events, %d consents; want %d, %d, %d, 1",
				len(d.Orders), len(d.Returns), len(d.Events), len(d.Consents), p.Orders, p.Returns, p.Events)
		}
		for _, o := range d.Orders {
			if o.CustomerID != p.ID {
				t.Errorf("order %s of customer %s exported", o.Number, o.CustomerID)
			}
		}
		if d.Consents[0].Source != "checkout" || d.Consents[0].Purpose != "marketing" {
			t.Errorf("consent = %+v", d.Consents[0])
		}

		var buf bytes.Buffer
		if err := d.WriteJSON(&buf); err != nil {
			t.Fatal(err)
		}
		js := buf.String()
		for _, want := range []string{p.Email, p.Street, p.Review, p.Reason} {
			if !strings.Contains(js, want) {
				t.Errorf("export lacks %q", want)
			}
		}
		for _, leak := range []string{other.Email, other.Review, other.Reason} {
			if strings.Contains(js, leak) {
				t.Errorf("export of %s holds another customer's %q", p.ID, leak)
			}
		}
	})
}

// TestExportSchema pins the document's top-level keys and their JSON types:
// a change here breaks readers and must change ExportSchema.
func TestExportSchema(t *testing.T) {
	ctx := context.Background()
	backends(t, func(t *testing.T, st store.Store) {
		p := seedPerson(t, ctx, st, 1, t0)
		d, err := privacy.Export(ctx, st, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := d.WriteJSON(&buf); err != nil {
			t.Fatal(err)
		}
		var top map[string]any
		if err := json.Unmarshal(buf.Bytes(), &top); err != nil {
			t.Fatal(err)
		}
		keys := make([]string, 0, len(top))
		for k := range top {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		want := []string{"audit", "consents", "customer_id", "events", "generated_at", "orders", "profile", "returns", "schema"}
		if !slices.Equal(keys, want) {
			t.Fatalf("keys = %v, want %v", keys, want)
		}
		if top["schema"] != "crmkit.privacy.export/v1" || top["customer_id"] != p.ID.String() {
			t.Errorf("schema %v, customer_id %v", top["schema"], top["customer_id"])
		}
		// Every backend keeps a journal: the audit list holds the
		// customer's changes (profile, orders, return, events), each an
		// object naming the customer.
		a, ok := top["audit"].([]any)
		if !ok || len(a) == 0 {
			t.Fatalf("audit = %#v, want the customer's changes", top["audit"])
		}
		for _, r := range a {
			if rec, ok := r.(map[string]any); !ok || rec["customer_id"] != p.ID.String() {
				t.Errorf("audit record %#v is not about %s", r, p.ID)
			}
		}
		prof := top["profile"].(map[string]any)
		if prof["email"] != p.Email || prof["phone"] != p.Phone {
			t.Errorf("profile email/phone = %v/%v", prof["email"], prof["phone"])
		}
		// Round trip: the document reads back into the same values.
		var back privacy.Document
		if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
			t.Fatal(err)
		}
		if back.CustomerID != p.ID || len(back.Events) != p.Events || back.Returns[0].Reason != d.Returns[0].Reason ||
			!back.Orders[1].Total.Equal(d.Orders[1].Total) {
			t.Errorf("round trip differs: %+v", back)
		}
	})
}

func TestExportUnknownAndNil(t *testing.T) {
	ctx := context.Background()
	backends(t, func(t *testing.T, st store.Store) {
		d, err := privacy.Export(ctx, st, uuid.New())
		if err != nil {
			t.Fatal(err)
		}
		if !d.Empty() || d.Profile != nil {
			t.Errorf("unknown customer: %+v, want empty", d)
		}
		var buf bytes.Buffer
		if err := d.WriteJSON(&buf); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), `"orders": []`) || !strings.Contains(buf.String(), `"profile": null`) {
			t.Errorf("empty lists must be [] and the profile null:\n%s", buf.String())
		}
		if _, err := privacy.Export(ctx, st, uuid.Nil); !errors.Is(err, privacy.ErrNoCustomer) {
			t.Errorf("nil ID: err = %v, want ErrNoCustomer", err)
		}
	})
}

// auditStore adds an audit trail to a store through the optional interfaces.
type auditStore struct {
	store.Store
	records  map[uuid.UUID][]json.RawMessage
	scrubbed int
}

func (a *auditStore) AuditRecords(_ context.Context, id uuid.UUID) ([]json.RawMessage, error) {
	return a.records[id], nil
}

func (a *auditStore) EraseAuditPayloads(_ context.Context, id uuid.UUID) (int, error) {
	n := len(a.records[id])
	for i := range a.records[id] {
		a.records[id][i] = json.RawMessage(`{"action":"update","payload":null}`)
	}
	a.scrubbed += n
	return n, nil
}

func TestExportAuditRecords(t *testing.T) {
	ctx := context.Background()
	backends(t, func(t *testing.T, st store.Store) {
		p := seedPerson(t, ctx, st, 1, t0)
		a := &auditStore{Store: st, records: map[uuid.UUID][]json.RawMessage{
			p.ID: {json.RawMessage(`{"action":"update","payload":{"email":"` + p.Email + `"}}`)},
		}}
		d, err := privacy.Export(ctx, a, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Audit) != 1 || !strings.Contains(string(d.Audit[0]), p.Email) {
			t.Fatalf("audit = %s", d.Audit)
		}
		rc, err := privacy.Erase(ctx, a, p.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		if rc.AuditRecordsScrubbed != 1 || strings.Contains(string(a.records[p.ID][0]), p.Email) {
			t.Errorf("audit not scrubbed: receipt %+v, record %s", rc, a.records[p.ID][0])
		}
	})
}
