package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDemoCommandWritesTheShop(t *testing.T) {
	path := sharedShop(t)
	raw, err := os.ReadFile(filepath.Join(testShopDir, "demo.json"))
	if err != nil {
		t.Fatal(err)
	}
	var first demoResult
	if err := json.Unmarshal(raw, &first); err != nil {
		t.Fatalf("demo -json: %v\n%s", err, raw)
	}
	shop := testShopTruth(t)
	g := first.Generated
	if g.Customers != len(shop.Customers) || g.Orders != len(shop.Orders) || g.Returns != len(shop.Returns) ||
		g.Events != len(shop.Events) || g.Products != len(shop.Products) {
		t.Errorf("generated %+v; the generator makes %d customers, %d orders, %d returns, %d events, %d products",
			g, len(shop.Customers), len(shop.Orders), len(shop.Returns), len(shop.Events), len(shop.Products))
	}
	if first.Written.Customers != g.Customers || first.Written.Orders != g.Orders || first.Written.Skipped != 0 {
		t.Errorf("first run wrote %+v, want everything generated", first.Written)
	}
	stats, err := openShop(t, path).Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if stats != first.Store || stats.Customers != int64(g.Customers) || stats.Events != int64(g.Events) {
		t.Errorf("store holds %+v, demo reported %+v", stats, first.Store)
	}
	if first.Planted.DuplicatePairs != len(shop.Truth.Duplicates) || first.Planted.RefundAbusers != len(shop.Truth.Abusers) {
		t.Errorf("planted %+v", first.Planted)
	}
	if first.Start.Format("2006-01-02") != "2024-11-01" || first.End.Format("2006-01-02") != "2026-11-01" {
		t.Errorf("period %s to %s, want the 24 months before 2026-11-01", first.Start, first.End)
	}
}

func TestDemoCommandRunTwiceAddsNothing(t *testing.T) {
	path := shopCopy(t)
	var again demoResult
	cliJSON(t, &again, "demo", "-db", path, "-customers", "200", "-seed", "7", "-json", "-q")
	w := again.Written
	if w.Customers+w.Orders+w.Returns+w.Events != 0 || w.Skipped != again.Generated.Customers+again.Generated.Orders+again.Generated.Returns+again.Generated.Events {
		t.Errorf("second run wrote %+v", w)
	}
	if again.Store.Customers != 200 {
		t.Errorf("store holds %d customers after the second run", again.Store.Customers)
	}
	out := cliOK(t, "demo", "-db", "memory", "-customers", "30", "-months", "6", "-no-events", "-q")
	for _, want := range []string{"customers  30", "events     0", "planted:"} {
		if !strings.Contains(out, want) {
			t.Errorf("table output lacks %q:\n%s", want, out)
		}
	}
	wantExit(t, exitUsage, "at least 180 days", "demo", "-db", "memory", "-months", "3", "-q")
	wantExit(t, exitUsage, "-end", "demo", "-db", "memory", "-end", "tomorrow")
	wantExit(t, exitUsage, "takes no arguments", "demo", "-db", "memory", "extra")
}
