package importer_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/importer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

const shop = header +
	"536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n" +
	"536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom\n" +
	"536365,POST,POSTAGE,1,2010-12-01 08:26:00,18.0,17850.0,United Kingdom\n" +
	"536366,22633,HAND WARMER UNION JACK,6,2010-12-01 08:28:00,1.85,17850.0,United Kingdom\n" +
	"536366,M,Manual,1,2010-12-01 08:28:00,0.50,17850.0,United Kingdom\n" +
	"536367,84879,\"ASSORTED COLOUR BIRD ORNAMENT, LARGE\",32,2010-12-01 08:34:00,1.69,13047.0,France\n" +
	"536368,22960,JAM MAKING SET WITH JARS,12,2010-12-01 08:35:00,0,,United Kingdom\n"

func TestImportGroupsInvoicesIntoOrders(t *testing.T) {
	ctx := context.Background()
	st := newStore()
	rep := run(t, st, shop, nil)
	if rep.Lines != 7 || rep.Invoices != 4 || rep.CustomerIDs != 2 || rep.NoCustomerLines != 1 || rep.ZeroPriceLines != 1 {
		t.Fatalf("report %+v", rep)
	}
	want := map[importer.LineKind]int{importer.LineSale: 5, importer.LineShipping: 1, importer.LineService: 1}
	for _, k := range importer.LineKinds {
		if rep.Kinds[k] != want[k] {
			t.Errorf("%s lines: %d, want %d", k, rep.Kinds[k], want[k])
		}
	}
	if rep.Built.Orders != 4 || rep.Built.Customers != 3 || rep.Guests != 1 || rep.Built.Products != 6 {
		t.Fatalf("built %+v, guests %d", rep.Built, rep.Guests)
	}

	o := orderByNumber(t, st, "536365")
	if len(o.Lines) != 2 || !o.Shipping.Equal(decimal.RequireFromString("18")) || !o.Total.Equal(decimal.RequireFromString("53.64")) {
		t.Fatalf("order 536365: %d lines, shipping %s, total %s; want 2, 18, 53.64", len(o.Lines), o.Shipping, o.Total)
	}
	// 08:26 in London in December is 08:26 UTC.
	if want := time.Date(2010, 12, 1, 8, 26, 0, 0, time.UTC); !o.PlacedAt.Equal(want) || o.Status != order.StatusPaid || o.Currency != "GBP" {
		t.Fatalf("order 536365: placed %v status %s currency %s", o.PlacedAt, o.Status, o.Currency)
	}
	c, err := st.GetCustomerByExternalID(ctx, "17850")
	if err != nil {
		t.Fatal(err)
	}
	if c.ID != o.CustomerID || c.Attributes["country"] != "United Kingdom" || !c.CreatedAt.Equal(o.PlacedAt) {
		t.Fatalf("customer %+v", c)
	}
	if c.ID != uuid.NewSHA1(importer.DefaultNamespace, []byte("customer:17850")) {
		t.Fatal("customer IDs are not the documented deterministic ones")
	}
	if m := orderByNumber(t, st, "536366"); m.Lines[1].Category != "service" || !m.Total.Equal(decimal.RequireFromString("11.60")) {
		t.Fatalf("order 536366: %+v", m)
	}
	if p, err := st.GetProduct(ctx, "M"); err != nil || p.Active || p.Category != "service" {
		t.Fatalf("service product %+v, %v", p, err)
	}
	if p, err := st.GetProduct(ctx, "84879"); err != nil || !p.Active || p.Name != "ASSORTED COLOUR BIRD ORNAMENT, LARGE" || !p.Price.Equal(decimal.RequireFromString("1.69")) {
		t.Fatalf("product %+v, %v", p, err)
	}
	if _, err := st.GetProduct(ctx, "POST"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("postage recorded as a product: %v", err)
	}
	guest, err := st.GetCustomerByExternalID(ctx, "guest-536368")
	if err != nil || !guest.HasTag("guest") {
		t.Fatalf("guest %+v, %v", guest, err)
	}
}

func TestImportTwiceAddsNothing(t *testing.T) {
	st := newStore()
	first := run(t, st, shop+cancellations, nil)
	before := snapshot(t, st)
	again := run(t, st, shop+cancellations, nil)
	if again.Stored.Orders != 0 || again.Stored.Customers != 0 || again.Stored.Returns != 0 {
		t.Fatalf("second run stored %+v", again.Stored)
	}
	// Customers are found by external ID and not built again; orders and
	// returns are built and skipped by the store.
	if again.Built.Customers != 0 || again.Stored.Skipped != first.Built.Orders+first.Built.Returns {
		t.Fatalf("second run built %d customers, skipped %d; want 0, %d", again.Built.Customers, again.Stored.Skipped, first.Built.Orders+first.Built.Returns)
	}
	if !reflect.DeepEqual(snapshot(t, st), before) {
		t.Fatal("the second run changed the store")
	}
}

// snapshot returns the store's records as strings.
func snapshot(t *testing.T, st store.Store) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	for o, err := range st.Orders(ctx, store.OrderFilter{}) {
		out = append(out, fmt.Sprint(o, err))
	}
	for c, err := range st.Customers(ctx, store.CustomerFilter{}) {
		out = append(out, fmt.Sprint(c, err))
	}
	for r, err := range st.Returns(ctx, store.ReturnFilter{}) {
		out = append(out, fmt.Sprint(r, err))
	}
	for p, err := range st.Products(ctx, store.ProductFilter{}) {
		out = append(out, fmt.Sprint(p, err))
	}
	return out
}

const cancellations = "" +
	"536400,71053,WHITE METAL LANTERN,2,2010-12-02 09:00:00,3.39,17850.0,United Kingdom\n" +
	// returns 4 of the 6 lanterns of 536365: 536400, the latest, has only 2
	"C536401,71053,WHITE METAL LANTERN,-4,2010-12-03 10:00:00,3.39,17850.0,United Kingdom\n" +
	// returns all of 536366's hand warmers and its manual charge: fully refunded
	"C536402,22633,HAND WARMER UNION JACK,-6,2010-12-03 11:00:00,1.85,17850.0,United Kingdom\n" +
	"C536402,M,Manual,-1,2010-12-03 11:00:00,0.50,17850.0,United Kingdom\n" +
	// unmatched: a guest, a product never bought, too many, postage
	"C536403,22960,JAM MAKING SET WITH JARS,-1,2010-12-03 12:00:00,4.25,,United Kingdom\n" +
	"C536404,99999,NEVER BOUGHT,-1,2010-12-03 12:00:00,1.00,17850.0,United Kingdom\n" +
	"C536404,84879,\"ASSORTED COLOUR BIRD ORNAMENT, LARGE\",-33,2010-12-03 12:00:00,1.69,13047.0,France\n" +
	"C536405,POST,POSTAGE,-1,2010-12-03 12:00:00,18.0,17850.0,United Kingdom\n"

func TestImportRecordsCancellationsAsReturns(t *testing.T) {
	st := newStore()
	rep := run(t, st, shop+cancellations, nil)
	if rep.CancellationLines != 7 || rep.CancellationInvoices != 5 || rep.Kinds[importer.LineReturn] != 3 || rep.Kinds[importer.LineUnmatchedCancellation] != 3 || rep.Kinds[importer.LineBad] != 1 {
		t.Fatalf("report %+v", rep)
	}
	// C536404 mixes two customers: its second line is a bad row, not an unmatched one.
	for reason, n := range map[string]int{"no customer ID": 1, "the customer has no earlier purchase of the product in the file": 1, "postage refund (postage is not a returnable item)": 1} {
		if rep.UnmatchedReasons[reason] != n {
			t.Errorf("unmatched %q: %d, want %d (all: %v)", reason, rep.UnmatchedReasons[reason], n, rep.UnmatchedReasons)
		}
	}

	o := orderByNumber(t, st, "536365")
	rs := returnsOf(t, st, o)
	if len(rs) != 1 || rs[0].Items[0].Quantity != 4 || !rs[0].Amount.Equal(decimal.RequireFromString("13.56")) || rs[0].Status != order.ReturnRefunded {
		t.Fatalf("returns of 536365: %+v", rs)
	}
	if o.Status != order.StatusPartiallyRefunded || !o.RefundedAmount.Equal(decimal.RequireFromString("13.56")) {
		t.Fatalf("order 536365 status %s refunded %s", o.Status, o.RefundedAmount)
	}
	if later := orderByNumber(t, st, "536400"); later.Status != order.StatusPaid || len(returnsOf(t, st, later)) != 0 {
		t.Fatalf("536400 should keep its lanterns: %s", later.Status)
	}
	full := orderByNumber(t, st, "536366")
	if full.Status != order.StatusRefunded || !full.RefundedAmount.Equal(full.Total) {
		t.Fatalf("536366 status %s refunded %s of %s", full.Status, full.RefundedAmount, full.Total)
	}
	if rs := returnsOf(t, st, full); len(rs) != 1 || len(rs[0].Items) != 2 || rs[0].Reason != "cancellation invoice C536402" {
		t.Fatalf("returns of 536366: %+v", rs)
	}
}

func TestImportMatchesTooLargeCancellationToNothing(t *testing.T) {
	st := newStore()
	text := header +
		"536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom\n" +
		"C536401,71053,WHITE METAL LANTERN,-4,2010-12-03 10:00:00,3.39,17850.0,United Kingdom\n" +
		"C536402,71053,WHITE METAL LANTERN,-4,2010-12-03 11:00:00,3.39,17850.0,United Kingdom\n" +
		// a cancellation before the purchase matches nothing
		"C536403,22633,HAND WARMER,-1,2010-12-03 11:00:00,1.85,17850.0,United Kingdom\n" +
		"536404,22633,HAND WARMER,6,2010-12-04 08:28:00,1.85,17850.0,United Kingdom\n"
	rep := run(t, st, text, nil)
	if rep.Kinds[importer.LineReturn] != 1 || rep.UnmatchedReasons["earlier purchases have too little quantity or money left to return"] != 1 ||
		rep.UnmatchedReasons["the customer has no earlier purchase of the product in the file"] != 1 {
		t.Fatalf("kinds %v unmatched %v", rep.Kinds, rep.UnmatchedReasons)
	}
}

func TestImportGuestPolicies(t *testing.T) {
	text := header +
		"536368,22960,JAM MAKING SET,1,2010-12-01 08:35:00,4.25,,United Kingdom\n" +
		"536369,22960,JAM MAKING SET,2,2010-12-01 08:36:00,4.25,,United Kingdom\n"
	per := newStore()
	if rep := run(t, per, text, nil); rep.Guests != 2 || rep.Built.Customers != 2 {
		t.Fatalf("per order: %+v", rep)
	}
	shared := newStore()
	if rep := run(t, shared, text, &importer.Options{Guests: importer.GuestShared}); rep.Guests != 1 || rep.Built.Customers != 1 {
		t.Fatalf("shared: %+v", rep)
	}
	g, err := shared.GetCustomerByExternalID(context.Background(), "guest")
	if err != nil {
		t.Fatal(err)
	}
	if a, b := orderByNumber(t, shared, "536368"), orderByNumber(t, shared, "536369"); a.CustomerID != g.ID || b.CustomerID != g.ID {
		t.Fatal("guest orders not on the shared guest")
	}
}

func TestImportSkipsAdjustmentsStockWriteOffsAndDuplicates(t *testing.T) {
	st := newStore()
	text := header +
		"A563185,B,Adjust bad debt,1,2011-08-12 14:50:00,11062.06,,United Kingdom\n" +
		"A563186,B,Adjust bad debt,1,2011-08-12 14:51:00,-11062.06,,United Kingdom\n" +
		"536589,21777,,-10,2010-12-01 16:50:00,0.0,,United Kingdom\n" +
		"536590,22633,HAND WARMER,6,2010-12-01 17:00:00,1.85,17850.0,United Kingdom\n" +
		"536590,22633,HAND WARMER,6,2010-12-01 17:00:00,1.85,17850.0,United Kingdom\n" +
		"536590,22633,HAND WARMER,7,2010-12-01 17:00:00,1.85,17850.0,United Kingdom\n"
	rep := run(t, st, text, nil)
	want := map[importer.LineKind]int{importer.LineAdjustment: 2, importer.LineStockAdjustment: 1, importer.LineDuplicate: 1, importer.LineSale: 2}
	if !reflect.DeepEqual(rep.Kinds, want) {
		t.Fatalf("kinds %v, want %v", rep.Kinds, want)
	}
	if !rep.Amounts[importer.LineAdjustment].IsZero() || !rep.Amounts[importer.LineDuplicate].Equal(decimal.RequireFromString("11.1")) {
		t.Fatalf("amounts %v", rep.Amounts)
	}
	if o := orderByNumber(t, st, "536590"); len(o.Lines) != 2 || o.Units() != 13 {
		t.Fatalf("order 536590 has %d lines, %d units; want 2, 13", len(o.Lines), o.Units())
	}
	if s, _ := st.Stats(context.Background()); s.Orders != 1 {
		t.Fatalf("stats %+v: adjustments or write-offs became orders", s)
	}
}

func TestImportReportsBadRowsAndKeepsTheRest(t *testing.T) {
	st := newStore()
	good := "536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n"
	bad := []struct{ line, reason string }{
		{"536366,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850.0\n", "7 fields, the header has 8"},
		{"536367,85123A,HEART,six,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n", `quantity "six" is not an integer`},
		{"536368,85123A,HEART,0,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n", "quantity is 0"},
		{"536369,85123A,HEART,6,2010-12-01 08:26:00,2,55,17850.0,United Kingdom\n", "9 fields"},
		{"536370,85123A,HEART,6,2010-12-01 08:26:00,£2.55,17850.0,United Kingdom\n", `unit price "£2.55" is not a decimal number`},
		{"536371,85123A,HEART,6,2010-12-01 08:26:00,-2.55,17850.0,United Kingdom\n", "negative unit price -2.55"},
		{"536372,85123A,HEART,6,01/12/2010 08:26,2.55,17850.0,United Kingdom\n", `date "01/12/2010 08:26" does not match`},
		{",85123A,HEART,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n", "empty order number"},
		{"536373,,HEART,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n", "empty product ID"},
		{"536365,71053,LANTERN,6,2010-12-01 08:26:00,3.39,12583.0,United Kingdom\n", `customer ID "12583" differs from "17850"`},
		{"536374,85123A,HE\"ART,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n", "CSV: "},
		{"C536375,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n", "cancellation with a positive quantity 6"},
	}
	text := header + good
	for _, b := range bad {
		text += b.line
	}
	text += "536376,\"MULTI\nLINE\",HEART,1,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n" + good
	rep := run(t, st, text, nil)
	if rep.Kinds[importer.LineBad] != len(bad) || len(rep.Errors) != len(bad) {
		t.Fatalf("%d bad lines, %d errors, want %d: %v", rep.Kinds[importer.LineBad], len(rep.Errors), len(bad), rep.Errors)
	}
	for i, b := range bad {
		e := rep.Errors[i]
		if e.Line != i+3 || !strings.Contains(e.Reason, b.reason) {
			t.Errorf("error %d: line %d %q, want line %d containing %q", i, e.Line, e.Reason, i+3, b.reason)
		}
	}
	// the good lines around the bad ones are kept
	if rep.Kinds[importer.LineSale] != 2 || rep.Kinds[importer.LineDuplicate] != 1 {
		t.Fatalf("kinds %v", rep.Kinds)
	}
	if o := orderByNumber(t, st, "536376"); o.Lines[0].ProductID != "MULTI\nLINE" {
		t.Fatalf("quoted multi-line field read as %q", o.Lines[0].ProductID)
	}
	if rep.Lines != len(bad)+3 {
		t.Fatalf("lines %d, want %d", rep.Lines, len(bad)+3)
	}

	limited := run(t, newStore(), text, &importer.Options{MaxRowErrors: 2})
	if len(limited.Errors) != 2 || limited.Kinds[importer.LineBad] != len(bad) {
		t.Fatalf("MaxRowErrors 2: %d listed, %d counted", len(limited.Errors), limited.Kinds[importer.LineBad])
	}
}

func TestImportSplitsInvoicesLongerThanAnOrder(t *testing.T) {
	var b strings.Builder
	b.WriteString(header)
	n := order.MaxLines + 5
	for i := range n {
		fmt.Fprintf(&b, "536500,P%04d,ITEM,1,2010-12-01 08:26:00,1.00,17850.0,United Kingdom\n", i)
	}
	b.WriteString("536500,POST,POSTAGE,1,2010-12-01 08:26:00,5.00,17850.0,United Kingdom\n")
	st := newStore()
	rep := run(t, st, b.String(), nil)
	first, second := orderByNumber(t, st, "536500"), orderByNumber(t, st, "536500-2")
	if len(first.Lines) != order.MaxLines || len(second.Lines) != 5 || rep.SplitOrders != 1 {
		t.Fatalf("split into %d + %d lines (split %d)", len(first.Lines), len(second.Lines), rep.SplitOrders)
	}
	if !first.Total.Add(second.Total).Equal(decimal.NewFromInt(int64(n + 5))) {
		t.Fatalf("totals %s + %s, want %d", first.Total, second.Total, n+5)
	}
}

func TestImportGroupsInterleavedInvoices(t *testing.T) {
	st := newStore()
	text := header +
		"536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n" +
		"536366,71053,LANTERN,1,2010-12-01 08:27:00,3.39,13047.0,United Kingdom\n" +
		"536365,POST,POSTAGE,1,2010-12-01 08:26:00,18.0,17850.0,United Kingdom\n"
	run(t, st, text, nil)
	if o := orderByNumber(t, st, "536365"); !o.Shipping.Equal(decimal.RequireFromString("18")) {
		t.Fatalf("shipping %s, want 18", o.Shipping)
	}
}

func TestImportShippingOnlyInvoiceKeepsItsLines(t *testing.T) {
	st := newStore()
	run(t, st, header+"536365,POST,POSTAGE,2,2010-12-01 08:26:00,18.0,17850.0,United Kingdom\n", nil)
	o := orderByNumber(t, st, "536365")
	if len(o.Lines) != 1 || o.Lines[0].Category != "shipping" || !o.Shipping.IsZero() || !o.Total.Equal(decimal.RequireFromString("36")) {
		t.Fatalf("order %+v", o)
	}
}

func TestImportCustomMapping(t *testing.T) {
	m := importer.Mapping{
		OrderNumber: "order", ProductID: "sku", Quantity: "qty", Date: "placed", UnitPrice: "price",
		CustomerID: "customer", Currency: "currency", DateLayout: time.RFC3339, DefaultCurrency: "EUR",
	}
	text := "Order;SKU;Qty;Placed;Price;Customer;Currency\n" +
		"1001;mug;2;2025-03-01T10:00:00+01:00;9.50;c-1;\n" +
		"1002;mug;1;2025-03-02T10:00:00+01:00;10.00;c-1;usd\n" +
		"1003;mug;1;2025-03-02T10:00:00+01:00;10.00;c-1;XYZ\n"
	text = strings.ReplaceAll(text, ";", ",")
	st := newStore()
	rep := run(t, st, text, &importer.Options{Mapping: &m})
	if rep.Kinds[importer.LineBad] != 1 || !strings.Contains(rep.Errors[0].Reason, `currency "XYZ"`) {
		t.Fatalf("report %+v", rep)
	}
	a, b := orderByNumber(t, st, "1001"), orderByNumber(t, st, "1002")
	if a.Currency != "EUR" || b.Currency != "USD" || !a.PlacedAt.Equal(time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)) {
		t.Fatalf("orders %s %v, %s", a.Currency, a.PlacedAt, b.Currency)
	}
}

func TestImportRejectsUnusableFiles(t *testing.T) {
	ctx := context.Background()
	cases := map[string]struct {
		text string
		want error
	}{
		"empty":          {"", importer.ErrFormat},
		"missing column": {"InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice\n1,2,3,4,5\n", importer.ErrMapping},
	}
	for name, c := range cases {
		if _, err := importer.Import(ctx, newStore(), fromString(c.text), nil); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
	}
	if _, err := importer.Import(ctx, newStore(), fromString(shop), &importer.Options{Mapping: &importer.Mapping{OrderNumber: "InvoiceNo"}}); !errors.Is(err, importer.ErrMapping) {
		t.Errorf("incomplete mapping: %v", err)
	}
}

func TestImportRejectsTruncatedGzip(t *testing.T) {
	full := gzipped(strings.Repeat(shop, 200))
	rc, _ := full()
	raw, _ := io.ReadAll(rc)
	cut := func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(raw[:len(raw)/2])), nil }
	if _, err := importer.Import(context.Background(), newStore(), cut, nil); !errors.Is(err, importer.ErrFormat) {
		t.Fatalf("truncated gzip: %v, want ErrFormat", err)
	}
}

func TestImportReadsGzip(t *testing.T) {
	rep, err := importer.Import(context.Background(), newStore(), gzipped(shop), nil)
	if err != nil || rep.Lines != 7 || rep.Built.Orders != 4 {
		t.Fatalf("gzip import: %+v, %v", rep, err)
	}
}

func TestImportHonoursContextAndReportsProgress(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var b strings.Builder
	b.WriteString(header)
	for i := range 5000 {
		fmt.Fprintf(&b, "5%05d,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n", i)
	}
	var phases []importer.Progress
	opts := &importer.Options{ProgressEvery: 1000, BatchOrders: 500, Progress: func(p importer.Progress) {
		phases = append(phases, p)
	}}
	st := newStore()
	if _, err := importer.Import(ctx, st, fromString(b.String()), opts); err != nil {
		t.Fatal(err)
	}
	last := phases[len(phases)-1]
	if phases[0].Phase != importer.PhaseScan || last.Phase != importer.PhaseWrite || !last.Done || last.Lines != 5000 || last.Orders != 5000 {
		t.Fatalf("progress %+v … %+v", phases[0], last)
	}

	opts.Progress = func(p importer.Progress) {
		if p.Phase == importer.PhaseWrite {
			cancel()
		}
	}
	if _, err := importer.Import(ctx, newStore(), fromString(b.String()), opts); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled import: %v", err)
	}
}

func TestImportAttachesOrdersToExistingCustomers(t *testing.T) {
	ctx := context.Background()
	st := newStore()
	own := customer.Customer{ExternalID: "17850", Email: "shop.customer@example.com"}
	if err := st.CreateCustomer(ctx, &own); err != nil {
		t.Fatal(err)
	}
	rep := run(t, st, shop+cancellations, nil)
	if rep.Built.Customers != 2 { // 13047 and the guest
		t.Fatalf("built %d customers, want 2", rep.Built.Customers)
	}
	o := orderByNumber(t, st, "536365")
	if o.CustomerID != own.ID {
		t.Fatalf("order on %s, want the existing customer %s", o.CustomerID, own.ID)
	}
	if rs := returnsOf(t, st, o); len(rs) != 1 || rs[0].CustomerID != own.ID {
		t.Fatalf("returns %+v", rs)
	}
}

// Files saved by spreadsheet programs start with a byte-order mark and end
// lines with CRLF.
func TestImportReadsBOMAndCRLF(t *testing.T) {
	text := "\ufeff" + strings.ReplaceAll(shop, "\n", "\r\n")
	st := newStore()
	rep := run(t, st, text, nil)
	if rep.Lines != 7 || rep.Kinds[importer.LineBad] != 0 || rep.Built.Orders != 4 {
		t.Fatalf("report %+v", rep)
	}
	if o := orderByNumber(t, st, "536365"); o.Lines[0].Name != "WHITE HANGING HEART T-LIGHT HOLDER" {
		t.Fatalf("name %q", o.Lines[0].Name)
	}
}

// The file is read twice; one that changes in between is an error, not a panic.
func TestImportNoticesAFileChangingBetweenPasses(t *testing.T) {
	calls := 0
	open := func() (io.ReadCloser, error) {
		calls++
		text := shop
		if calls > 1 {
			text = shop + "536999,22633,HAND WARMER,6,2010-12-01 08:28:00,1.85,17850.0,United Kingdom\n"
		}
		return io.NopCloser(strings.NewReader(text)), nil
	}
	if _, err := importer.Import(context.Background(), newStore(), open, nil); !errors.Is(err, importer.ErrFormat) || !strings.Contains(err.Error(), "changed") {
		t.Fatalf("error %v, want ErrFormat about a changed file", err)
	}
}
