package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/store/sqlite"
)

func TestReportCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a demo shop")
	}
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "shop.db")
	shop, err := demo.Generate(&demo.Options{Customers: 150})
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := shop.Load(ctx, st, nil); err != nil {
		t.Fatal(err)
	}
	st.Close()

	html := filepath.Join(dir, "report.html")
	var out, errOut bytes.Buffer
	if err := runReport(ctx, []string{"-db", db, "-out", html, "-runs", "50"}, &out, &errOut); err != nil {
		t.Fatalf("report: %v\n%s", err, errOut.String())
	}
	page, err := os.ReadFile(html)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, []byte(`data-chart="revenue"`)) || !strings.Contains(errOut.String(), html+" written") {
		t.Errorf("HTML report %d bytes; stderr %q", len(page), errOut.String())
	}

	out.Reset()
	if err := runReport(ctx, []string{"-db", db, "-format", "json", "-q", "-from", "2026-07-01", "-to", "2026-10-01", "-runs", "50"}, &out, &errOut); err != nil {
		t.Fatalf("report -format json: %v", err)
	}
	var r struct {
		Period struct{ From, To string } `json:"period"`
		KPIs   []struct{ Key string }    `json:"kpis"`
	}
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if r.Period.From != "2026-07-01T00:00:00Z" || r.Period.To != "2026-10-01T00:00:00Z" || len(r.KPIs) == 0 {
		t.Errorf("JSON report period %+v, %d KPIs", r.Period, len(r.KPIs))
	}

	for _, args := range [][]string{{}, {"-db", db, "-format", "pdf"}, {"-db", db, "-to", "yesterday"}, {"-db", db, "-from", "2026-01-01"}} {
		if err := runReport(ctx, args, &out, &errOut); !errors.Is(err, errUsage) {
			t.Errorf("report %q: %v, want a usage error", args, err)
		}
	}
}
