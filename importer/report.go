package importer

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/crmkit/crmkit/store"
	"github.com/shopspring/decimal"
)

// LineKind is how the import handled one line of the file. Every data line
// gets exactly one kind.
type LineKind string

// The kinds of line.
const (
	// LineSale: a product line, kept as an order line.
	LineSale LineKind = "sale"
	// LineService: a non-product charge (Mapping.ServiceCodes), kept as an order line.
	LineService LineKind = "service"
	// LineShipping: postage (Mapping.ShippingCodes), added to the order's
	// Shipping; kept as a line when the invoice has nothing else.
	LineShipping LineKind = "shipping"
	// LineReturn: a cancellation line matched to an earlier purchase of the
	// same customer and product, recorded as a return item and refund.
	LineReturn LineKind = "return"
	// LineUnmatchedCancellation: a cancellation line with no purchase to
	// return against (guest, bought before the file starts, a charge
	// rather than goods); counted and skipped.
	LineUnmatchedCancellation LineKind = "cancellation_unmatched"
	// LineStockAdjustment: a non-cancellation line with a negative quantity,
	// an inventory write-off (damaged, lost) rather than a sale; skipped.
	LineStockAdjustment LineKind = "stock_adjustment"
	// LineAdjustment: an accounting adjustment invoice (Mapping.AdjustmentPrefix); skipped.
	LineAdjustment LineKind = "adjustment"
	// LineDuplicate: an exact copy of an earlier line; skipped.
	LineDuplicate LineKind = "duplicate"
	// LineBad: a line that cannot be read; listed in Report.Errors.
	LineBad LineKind = "bad"
)

// LineKinds lists every kind in report order.
var LineKinds = []LineKind{LineSale, LineService, LineShipping, LineReturn, LineUnmatchedCancellation,
	LineStockAdjustment, LineAdjustment, LineDuplicate, LineBad}

// RowError is a line the import could not use.
type RowError struct {
	Line   int    `json:"line"` // line number in the file; the header is line 1
	Reason string `json:"reason"`
}

// Error describes the fault.
func (e RowError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// Report accounts for every line of an imported file.
type Report struct {
	// Lines is the number of data lines (records after the header).
	Lines int `json:"lines"`
	// Kinds counts the lines by how they were handled; the counts add up to Lines.
	Kinds map[LineKind]int `json:"kinds"`
	// Amounts sums quantity × unit price of the readable lines by kind.
	Amounts map[LineKind]decimal.Decimal `json:"amounts"`

	Invoices             int `json:"invoices"`               // distinct order numbers
	CancellationInvoices int `json:"cancellation_invoices"`  // of which cancellations
	CustomerIDs          int `json:"customer_ids"`           // distinct customer IDs
	CancellationLines    int `json:"cancellation_lines"`     // lines of cancellation invoices
	NoCustomerLines      int `json:"no_customer_lines"`      // lines without a customer ID
	ZeroPriceLines       int `json:"zero_price_lines"`       // kept lines with a unit price of 0
	SplitOrders          int `json:"split_orders,omitempty"` // invoices split for having more than order.MaxLines lines

	// UnmatchedReasons breaks LineUnmatchedCancellation down by cause.
	UnmatchedReasons map[string]int `json:"unmatched_reasons,omitempty"`

	// Built counts the records made from the file; Stored what the store
	// took (records already stored are Stored.Skipped).
	Built  store.LoadResult `json:"built"`
	Guests int              `json:"guests"` // guest customers among Built.Customers
	Stored store.LoadResult `json:"stored"`

	// Errors lists the bad lines, at most Options.MaxRowErrors of them;
	// Kinds[LineBad] counts them all.
	Errors []RowError `json:"errors,omitempty"`
}

func newReport() *Report {
	return &Report{Kinds: map[LineKind]int{}, Amounts: map[LineKind]decimal.Decimal{}, UnmatchedReasons: map[string]int{}}
}

// Accounted reports whether the kinds add up to the lines read.
func (r *Report) Accounted() bool {
	n := 0
	for _, c := range r.Kinds {
		n += c
	}
	return n == r.Lines
}

// WriteText prints the report as a table.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	row := func(label string, n int, note string) { fmt.Fprintf(&b, "%-32s %9d  %s\n", label, n, note) }
	row("lines", r.Lines, "")
	for _, k := range LineKinds {
		amt := r.Amounts[k]
		row("  "+string(k), r.Kinds[k], "Σ qty×price "+amt.StringFixed(2))
	}
	for _, reason := range slices.Sorted(maps.Keys(r.UnmatchedReasons)) {
		fmt.Fprintf(&b, "    unmatched: %s: %d\n", reason, r.UnmatchedReasons[reason])
	}
	row("invoices", r.Invoices, fmt.Sprintf("of which %d cancellations", r.CancellationInvoices))
	row("customer IDs", r.CustomerIDs, "")
	row("cancellation lines", r.CancellationLines, "")
	row("lines without a customer ID", r.NoCustomerLines, "")
	row("zero-price lines kept", r.ZeroPriceLines, "")
	if r.SplitOrders > 0 {
		row("orders split off long invoices", r.SplitOrders, "")
	}
	fmt.Fprintf(&b, "built:  %d customers (%d guests), %d orders, %d returns, %d products\n",
		r.Built.Customers, r.Guests, r.Built.Orders, r.Built.Returns, r.Built.Products)
	fmt.Fprintf(&b, "stored: %d customers, %d orders, %d returns, %d product upserts; %d records already there\n",
		r.Stored.Customers, r.Stored.Orders, r.Stored.Returns, r.Stored.Products, r.Stored.Skipped)
	for _, e := range r.Errors {
		fmt.Fprintf(&b, "bad %s\n", e.Error())
	}
	if n := r.Kinds[LineBad] - len(r.Errors); n > 0 {
		fmt.Fprintf(&b, "bad lines not listed: %d\n", n)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
