package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store"
)

func TestCustomersListPagesAndFilters(t *testing.T) {
	db := sharedShop(t)
	ctx := context.Background()
	st := openShop(t, db)
	var all customerPage
	cliJSON(t, &all, "customers", "-db", db, "-limit", "0", "-json")
	if len(all.Customers) != 200 || all.Next != "" {
		t.Fatalf("-limit 0 listed %d customers, next %q; want all 200", len(all.Customers), all.Next)
	}
	// Pages of 70 walk the same list in the same order.
	var walked []customerRow
	after := ""
	for pages := 0; pages < 10; pages++ {
		var p customerPage
		cliJSON(t, &p, "customers", "list", "-db", db, "-limit", "70", "-after", after, "-json")
		walked = append(walked, p.Customers...)
		if after = p.Next; after == "" {
			break
		}
	}
	if len(walked) != 200 {
		t.Fatalf("pages of 70 gave %d customers", len(walked))
	}
	for i := range walked {
		if walked[i].ID != all.Customers[i].ID {
			t.Fatalf("page walk differs at %d: %s vs %s", i, walked[i].ID, all.Customers[i].ID)
		}
	}
	// Each row's summary is the store's.
	for _, r := range all.Customers[:20] {
		s, err := store.SummaryOf(ctx, st, r.ID, store.SummaryFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if s.Orders != r.Summary.Orders || !s.TotalSpent.Equal(r.Summary.TotalSpent) {
			t.Errorf("%s: listed summary %+v, store %+v", r.ID, r.Summary, s)
		}
	}

	c := all.Customers[41]
	var one customerPage
	cliJSON(t, &one, "customers", "-db", db, "-external-id", c.ExternalID, "-json")
	if len(one.Customers) != 1 || one.Customers[0].ID != c.ID {
		t.Errorf("-external-id %s: %+v", c.ExternalID, one.Customers)
	}
	cliJSON(t, &one, "customers", "-db", db, "-email", strings.ToUpper(c.Email), "-json")
	if len(one.Customers) != 1 || one.Customers[0].ID != c.ID {
		t.Errorf("-email %s: %+v", c.Email, one.Customers)
	}
	cliJSON(t, &one, "customers", "-db", db, "-external-id", "C999999", "-json")
	if len(one.Customers) != 0 {
		t.Errorf("unknown external ID listed %+v", one.Customers)
	}

	since := all.Customers[150].CreatedAt.UTC().Truncate(24 * time.Hour)
	want := 0
	for _, r := range all.Customers {
		if !r.CreatedAt.Before(since) {
			want++
		}
	}
	var recent customerPage
	cliJSON(t, &recent, "customers", "-db", db, "-since", since.Format(time.DateOnly), "-limit", "0", "-json")
	if len(recent.Customers) != want || want == 0 {
		t.Errorf("-since %s: %d customers, want %d", since.Format(time.DateOnly), len(recent.Customers), want)
	}

	table := cliOK(t, "customers", "-db", db, "-limit", "3")
	lines := strings.Split(strings.TrimSpace(table), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "ID ") || !strings.Contains(lines[1], all.Customers[0].ID.String()) {
		t.Errorf("table of 3:\n%s", table)
	}
	wantExit(t, exitUsage, "is not a cursor", "customers", "-db", db, "-after", "garbage")
	wantExit(t, exitUsage, "unknown customers subcommand", "customers", "-db", db, "shwo", "x")
	wantExit(t, exitUsage, "-since", "customers", "-db", db, "-since", "last week")
}

func TestCustomersShowIs360View(t *testing.T) {
	db := sharedShop(t)
	ctx := context.Background()
	st := openShop(t, db)
	// The customer with the most orders has returns and plenty of events.
	var best store.CustomerSummary
	for s, err := range store.Summaries(ctx, st, store.SummaryFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		if s.Orders > best.Orders {
			best = s
		}
	}
	c, err := st.GetCustomer(ctx, best.CustomerID)
	if err != nil {
		t.Fatal(err)
	}
	var byID, byEmail, byExt customerView
	cliJSON(t, &byID, "customers", "show", "-db", db, c.ID.String(), "-json", "-orders", "3")
	cliJSON(t, &byEmail, "customers", "show", "-db", db, c.Email, "-json")
	cliJSON(t, &byExt, "customers", "show", c.ExternalID, "-db", db, "-json", "-events", "0")
	for _, v := range []customerView{byID, byEmail, byExt} {
		if v.Profile.ID != c.ID {
			t.Fatalf("showed %s, want %s", v.Profile.ID, c.ID)
		}
	}
	v := byExt
	if v.Summary.Orders != best.Orders || v.NetSpent != best.NetSpent().StringFixed(2) {
		t.Errorf("summary %+v net %s, store %+v", v.Summary, v.NetSpent, best)
	}
	orders, _, err := store.Collect(st.Orders(ctx, store.OrderFilter{CustomerID: c.ID}), 0, store.OrderCursor)
	if err != nil {
		t.Fatal(err)
	}
	if v.OrderCount != len(orders) || len(v.Orders) != min(10, len(orders)) || len(byID.Orders) != 3 {
		t.Errorf("order count %d (listed %d, and %d with -orders 3), store %d", v.OrderCount, len(v.Orders), len(byID.Orders), len(orders))
	}
	if v.Orders[0].PlacedAt.Before(v.Orders[len(v.Orders)-1].PlacedAt) || !v.Orders[0].PlacedAt.Equal(orders[len(orders)-1].PlacedAt) {
		t.Error("orders are not newest first")
	}
	if len(v.Returns) != best.Returns {
		t.Errorf("%d returns shown, summary says %d", len(v.Returns), best.Returns)
	}
	events, _, err := store.Collect(st.Events(ctx, store.EventFilter{CustomerID: c.ID}), 0, store.EventCursor)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, n := range v.EventCounts {
		total += n
	}
	if total != len(events) || len(v.Events) != len(events) || len(byID.Events) != min(10, len(events)) {
		t.Errorf("event counts add to %d, %d listed with -events 0, %d by default; store holds %d", total, len(v.Events), len(byID.Events), len(events))
	}
	// The RFM segment agrees with crmkit segment -list.
	if v.RFM == nil || v.RFM.Frequency != best.Orders {
		t.Fatalf("RFM %+v", v.RFM)
	}
	var seg segmentOutput
	cliJSON(t, &seg, "segment", "-db", db, "-list", v.RFM.Segment, "-limit", "0", "-json", "-q")
	found := false
	for _, m := range seg.Members {
		found = found || m.CustomerID == c.ID
	}
	if !found {
		t.Errorf("customer %s is %s in the 360 view but not listed in that segment", c.ID, v.RFM.Segment)
	}

	text := cliOK(t, "customers", "show", "-db", db, c.ExternalID)
	for _, want := range []string{c.ID.String(), c.Name(), c.Email, "summary: ", "RFM as of 2026-11-01", "orders (", "behaviour: "} {
		if !strings.Contains(text, want) {
			t.Errorf("view lacks %q:\n%s", want, text)
		}
	}
	wantExit(t, exitNotFound, `no customer with e-mail "nobody@example.invalid"`, "customers", "show", "-db", db, "nobody@example.invalid")
	wantExit(t, exitNotFound, "no customer with ID", "customers", "show", "-db", db, "00000000-0000-0000-0000-000000000009")
	wantExit(t, exitUsage, "needs one customer", "customers", "show", "-db", db)
}

func TestCustomersDuplicatesAndMerge(t *testing.T) {
	db := shopCopy(t)
	ctx := context.Background()
	truth := testShopTruth(t).Truth
	if len(truth.Duplicates) == 0 {
		t.Fatal("the test shop has no planted duplicates")
	}
	var groups []duplicateGroup
	cliJSON(t, &groups, "customers", "duplicates", "-db", db, "-json", "-q")
	if len(groups) != len(truth.Duplicates) {
		t.Fatalf("%d duplicate groups, %d planted", len(groups), len(truth.Duplicates))
	}
	keep, drop := truth.Duplicates[0][0], truth.Duplicates[0][1]
	if ids := []string{groups[0].Customers[0].ID.String(), groups[0].Customers[1].ID.String()}; ids[0] != keep.String() || ids[1] != drop.String() {
		t.Errorf("group %v, planted pair %s %s", ids, keep, drop)
	}
	text := cliOK(t, "customers", "duplicates", "-db", db, "-q")
	if !strings.Contains(text, "crmkit customers merge -db "+db+" -yes "+keep.String()+" "+drop.String()) {
		t.Errorf("no merge command line:\n%s", text)
	}

	st := openShop(t, db)
	ks, _ := store.SummaryOf(ctx, st, keep, store.SummaryFilter{})
	ds, _ := store.SummaryOf(ctx, st, drop, store.SummaryFilter{})
	wantExit(t, exitUnconfirmed, "run again with -yes", "customers", "merge", "-db", db, keep.String(), drop.String())
	if _, err := st.GetCustomer(ctx, drop); err != nil {
		t.Fatalf("merge without -yes changed the store: %v", err)
	}
	var res mergeResult
	cliJSON(t, &res, "customers", "merge", keep.String(), drop.String(), "-db", db, "-yes", "-json")
	if res.Kept.ID != keep || res.Dropped != drop || res.Summary.Orders != ks.Orders+ds.Orders {
		t.Errorf("merged %s, dropped %s, %d orders; want %s, %s, %d+%d", res.Kept.ID, res.Dropped, res.Summary.Orders, keep, drop, ks.Orders, ds.Orders)
	}
	if _, err := st.GetCustomer(ctx, drop); err == nil {
		t.Error("the dropped profile is still there")
	}
	got, _ := store.SummaryOf(ctx, st, keep, store.SummaryFilter{})
	if got.Orders != ks.Orders+ds.Orders {
		t.Errorf("store summary after merge %+v", got)
	}
	var c customer.Customer = res.Kept
	if c.Version < 2 {
		t.Errorf("merged version %d", c.Version)
	}
	wantExit(t, exitNotFound, "no customer with ID", "customers", "merge", "-db", db, "-yes", keep.String(), drop.String())
	wantExit(t, exitUsage, "the same customer", "customers", "merge", "-db", db, "-yes", keep.String(), keep.String())
	wantExit(t, exitUsage, "needs KEEP and DROP", "customers", "merge", "-db", db, "-yes", keep.String())
}
