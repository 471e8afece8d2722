package importer_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/crmkit/crmkit/importer"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/shopspring/decimal"
)

// onlineRetailPath finds the UCI Online Retail file beside the checkout.
func onlineRetailPath(t testing.TB) string {
	t.Helper()
	path := filepath.Join("..", "..", "shared", "data", "online-retail", "online_retail.csv.gz")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("Online Retail data not found at %s (see ../shared/data/online-retail/README.md): %v", path, err)
	}
	return path
}

// The import must account for every line of the real file, reproducing the
// data set's published figures (see its README).
func TestImportOnlineRetailAccountsForEveryLine(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("reads the 48 MB file twice; runs without -short and -race")
	}
	path := onlineRetailPath(t)
	ctx := context.Background()
	st := memory.New()
	var calls int
	rep, err := importer.ImportFile(ctx, st, path, &importer.Options{Progress: func(importer.Progress) { calls++ }})
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string][2]int{
		"lines":              {rep.Lines, 541_909},
		"invoices":           {rep.Invoices, 25_900},
		"customer IDs":       {rep.CustomerIDs, 4_372},
		"cancellation lines": {rep.CancellationLines, 9_288},
		"lines without ID":   {rep.NoCustomerLines, 135_080},
		"duplicate lines":    {rep.Kinds[importer.LineDuplicate], 5_268},
		"adjustment lines":   {rep.Kinds[importer.LineAdjustment], 3},
		"bad lines":          {rep.Kinds[importer.LineBad], 0},
	} {
		if c[0] != c[1] {
			t.Errorf("%s: %d, want %d", name, c[0], c[1])
		}
	}
	if !rep.Accounted() {
		t.Errorf("kinds %v do not add up to %d lines", rep.Kinds, rep.Lines)
	}
	sum := decimal.Zero
	for _, a := range rep.Amounts {
		sum = sum.Add(a)
	}
	if want := decimal.RequireFromString("9747747.93"); !sum.Round(2).Equal(want) {
		t.Errorf("Σ quantity × price over all lines = %s, want %s", sum, want)
	}
	if calls == 0 {
		t.Error("no progress reported")
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if int(stats.Orders) != rep.Built.Orders || int(stats.Customers) != rep.Built.Customers || int(stats.Returns) != rep.Built.Returns || int(stats.Products) != rep.Built.Products {
		t.Errorf("store holds %+v, the report built %+v", stats, rep.Built)
	}
	t.Logf("kinds %v\nunmatched %v\nbuilt %+v guests %d split %d", rep.Kinds, rep.UnmatchedReasons, rep.Built, rep.Guests, rep.SplitOrders)

	again, err := importer.ImportFile(ctx, st, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.Stored.Orders != 0 || again.Stored.Customers != 0 || again.Stored.Returns != 0 {
		t.Errorf("a second import stored %+v", again.Stored)
	}
	if s2, _ := st.Stats(ctx); s2 != stats {
		t.Errorf("a second import changed the store from %+v to %+v", stats, s2)
	}
}
