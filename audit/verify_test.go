package audit_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/crmkit/crmkit/audit"
	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/crmkit/crmkit/store/sqlite"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	_ "modernc.org/sqlite"
)

var t0 = time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)

// shop makes ten writes of different kinds by two actors and returns the
// customer written most.
func shop(t *testing.T, st store.Store) uuid.UUID {
	t.Helper()
	ctx := context.Background()
	alice, bob := store.WithActor(ctx, "alice"), store.WithActor(ctx, "bob")
	c := customer.Customer{Email: "ada@example.com", FirstName: "Ada", LastName: "Lovelace", Phone: "+44 20 7946 0001"}
	must(t, st.CreateCustomer(alice, &c)) // 1
	other := customer.Customer{Email: "bo@example.com", FirstName: "Bo"}
	must(t, st.CreateCustomer(bob, &other)) // 2
	c.LastName = "King"
	must(t, st.UpdateCustomer(alice, &c)) // 3
	o := order.Order{Number: "A-1", CustomerID: c.ID, Status: order.StatusPaid, Currency: "GBP", PlacedAt: t0,
		Lines: []order.Line{{ProductID: "p-1", Quantity: 2, UnitPrice: decimal.RequireFromString("4.50")}}}
	o.Total = o.ComputeTotal()
	must(t, st.CreateOrder(bob, &o)) // 4
	o.Status = order.StatusShipped
	must(t, st.UpdateOrder(bob, &o))                 // 5
	must(t, st.AppendEvents(alice, []behavior.Event{ // 6, 7
		{Kind: behavior.KindView, CustomerID: c.ID, ProductID: "p-1", At: t0},
		{Kind: behavior.KindClick, CustomerID: c.ID, ProductID: "p-1", At: t0},
	}))
	must(t, st.UpsertProducts(bob, []order.Product{{ID: "p-1", Name: "Mug", Price: decimal.RequireFromString("4.50"), Currency: "GBP"}})) // 8
	c.Interests = []string{"tea"}
	must(t, st.UpdateCustomer(alice, &c))     // 9
	must(t, st.DeleteCustomer(bob, other.ID)) // 10
	return c.ID
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func verify(t *testing.T, j store.Journal, opts *audit.VerifyOptions) audit.Report {
	t.Helper()
	rep, err := audit.Verify(context.Background(), j, opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestVerifyIntactJournal(t *testing.T) {
	st := memory.New()
	shop(t, st)
	head, err := audit.Head(context.Background(), st)
	must(t, err)
	rep := verify(t, st, &audit.VerifyOptions{Anchor: head})
	if !rep.OK || rep.Verified != 10 || rep.Last != head || rep.BrokenSeq != 0 {
		t.Fatalf("intact journal: %+v", rep)
	}
	// An anchor taken earlier is still held.
	var fifth audit.Anchor
	for c, err := range st.Changes(context.Background(), store.ChangeFilter{AfterSeq: 4, Limit: 1}) {
		must(t, err)
		fifth = audit.Anchor{Seq: c.Seq, Hash: c.Hash}
	}
	if rep := verify(t, st, &audit.VerifyOptions{Anchor: fifth}); !rep.OK {
		t.Fatalf("earlier anchor: %+v", rep)
	}
	// A forged anchor is not.
	if rep := verify(t, st, &audit.VerifyOptions{Anchor: audit.Anchor{Seq: 5, Hash: store.Digest{1}}}); rep.OK || rep.Reason != audit.ReasonAnchor || rep.BrokenSeq != 5 {
		t.Fatalf("forged anchor: %+v", rep)
	}
	// Incremental: from the fifth change on, five more verify.
	if rep := verify(t, st, &audit.VerifyOptions{From: fifth}); !rep.OK || rep.Verified != 5 || rep.Last != head {
		t.Fatalf("from change 5: %+v", rep)
	}
	// A starting point with the wrong hash breaks the link.
	if rep := verify(t, st, &audit.VerifyOptions{From: audit.Anchor{Seq: 5, Hash: store.Digest{2}}}); rep.OK || rep.Reason != audit.ReasonLink || rep.BrokenSeq != 6 {
		t.Fatalf("wrong starting point: %+v", rep)
	}
	// An empty journal verifies, unless an anchor says it had changes.
	if rep := verify(t, memory.New(), nil); !rep.OK || rep.Verified != 0 {
		t.Fatalf("empty journal: %+v", rep)
	}
	if rep := verify(t, memory.New(), &audit.VerifyOptions{Anchor: head}); rep.OK || rep.Reason != audit.ReasonAnchor || rep.BrokenSeq != 1 {
		t.Fatalf("empty journal with an anchor: %+v", rep)
	}
}

// sqliteShop builds a SQLite file with the shop's ten changes, closes it
// and returns its path, the main customer and the head as an anchor.
func sqliteShop(t *testing.T) (string, uuid.UUID, audit.Anchor) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shop.db")
	st, err := sqlite.Open(path, nil)
	must(t, err)
	id := shop(t, st)
	head, err := audit.Head(context.Background(), st)
	must(t, err)
	must(t, st.Close())
	return path, id, head
}

// tamper runs SQL on the closed file through a connection of its own, as
// someone with access to the file but not to crmkit would.
func tamper(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	must(t, err)
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func reopen(t *testing.T, path string) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(path, nil)
	must(t, err)
	t.Cleanup(func() { st.Close() })
	return st
}

func TestVerifyDetectsTampering(t *testing.T) {
	cases := []struct {
		name      string
		sql       []string
		anchored  bool
		reason    audit.Reason
		brokenSeq int64
	}{
		{"altered digest", []string{`UPDATE journal SET after = zeroblob(32) WHERE seq = 4`}, false, audit.ReasonHash, 4},
		{"altered actor", []string{`UPDATE journal SET actor = 'mallory' WHERE seq = 6`}, false, audit.ReasonHash, 6},
		{"altered time", []string{`UPDATE journal SET at = at + 1 WHERE seq = 2`}, false, audit.ReasonHash, 2},
		{"altered status detail", []string{`UPDATE journal SET detail = '{"status.from":"paid","status.to":"refunded"}' WHERE seq = 5`}, false, audit.ReasonHash, 5},
		{"deleted middle row", []string{`DELETE FROM journal WHERE seq = 5`}, false, audit.ReasonGap, 5},
		{"deleted first row", []string{`DELETE FROM journal WHERE seq = 1`}, false, audit.ReasonGap, 1},
		{"deleted last row, anchored", []string{`DELETE FROM journal WHERE seq = 10`}, true, audit.ReasonAnchor, 10},
		{"row moved into the gap of another", []string{`DELETE FROM journal WHERE seq = 7`, `UPDATE journal SET seq = 7 WHERE seq = 8`}, false, audit.ReasonLink, 7},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path, _, head := sqliteShop(t)
			tamper(t, path, tc.sql...)
			st := reopen(t, path)
			var opts *audit.VerifyOptions
			if tc.anchored {
				opts = &audit.VerifyOptions{Anchor: head}
			}
			rep := verify(t, st, opts)
			if rep.OK || rep.Reason != tc.reason || rep.BrokenSeq != tc.brokenSeq {
				t.Fatalf("got %+v, want reason %q at change %d", rep, tc.reason, tc.brokenSeq)
			}
			if rep.Detail == "" {
				t.Error("no detail")
			}
			if rep.Verified != tc.brokenSeq-1 {
				t.Errorf("verified %d changes before the break, want %d", rep.Verified, tc.brokenSeq-1)
			}
		})
	}
}

// TestVerifyNeedsAnAnchorForTheEnd shows what the anchor is for: a journal
// whose last change was deleted, or rewritten from some change on with
// every hash recomputed, is a chain that verifies on its own.
func TestVerifyNeedsAnAnchorForTheEnd(t *testing.T) {
	path, _, head := sqliteShop(t)
	tamper(t, path, `DELETE FROM journal WHERE seq = 10`)
	st := reopen(t, path)
	if rep := verify(t, st, nil); !rep.OK || rep.Verified != 9 {
		t.Fatalf("without an anchor a cut-short chain verifies: %+v", rep)
	}
	if rep := verify(t, st, &audit.VerifyOptions{Anchor: head}); rep.OK || rep.Reason != audit.ReasonAnchor {
		t.Fatalf("with the anchor it does not: %+v", rep)
	}

	// Rewrite change 3's actor and recompute every hash from there on.
	path2, _, head2 := sqliteShop(t)
	st2 := reopen(t, path2)
	var cs []store.Change
	for c, err := range st2.Changes(context.Background(), store.ChangeFilter{}) {
		must(t, err)
		cs = append(cs, c)
	}
	must(t, st2.Close())
	cs[2].Actor = "mallory"
	var stmts []string
	prev := cs[1].Hash
	for i := 2; i < len(cs); i++ {
		cs[i].Seal(prev)
		prev = cs[i].Hash
		stmts = append(stmts, "UPDATE journal SET actor = '"+cs[i].Actor+"', prev_hash = x'"+cs[i].PrevHash.String()+
			"', hash = x'"+cs[i].Hash.String()+"' WHERE seq = "+strconv.FormatInt(cs[i].Seq, 10))
	}
	tamper(t, path2, stmts...)
	st2 = reopen(t, path2)
	if rep := verify(t, st2, nil); !rep.OK {
		t.Fatalf("a consistently rewritten chain verifies without an anchor: %+v", rep)
	}
	if rep := verify(t, st2, &audit.VerifyOptions{Anchor: head2}); rep.OK || rep.Reason != audit.ReasonAnchor || rep.BrokenSeq != 10 {
		t.Fatalf("the anchor catches the rewrite: %+v", rep)
	}
}

// TestVerifyAfterErasure: erasing a customer's payloads keeps the chain
// verifiable, and the payloads are gone from the file's journal rows.
func TestVerifyAfterErasure(t *testing.T) {
	path, id, head := sqliteShop(t)
	st := reopen(t, path)
	n, err := st.EraseAuditPayloads(context.Background(), id)
	must(t, err)
	// The profile's create and two updates, the order's create and update;
	// events keep no payload.
	if n != 5 {
		t.Fatalf("scrubbed %d changes, want 5", n)
	}
	if rep := verify(t, st, &audit.VerifyOptions{Anchor: head}); !rep.OK || rep.Verified != 10 {
		t.Fatalf("after erasure: %+v", rep)
	}
	for c, err := range audit.ForCustomer(context.Background(), st, id) {
		must(t, err)
		if c.BeforeData != nil || c.AfterData != nil {
			t.Fatalf("change %d still has a payload", c.Seq)
		}
	}
}
