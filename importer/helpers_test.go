package importer_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/crmkit/crmkit/importer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
)

const header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"

// fromString opens text as a file.
func fromString(text string) importer.Opener {
	return func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(text)), nil }
}

// gzipped opens text gzip-compressed.
func gzipped(text string) importer.Opener {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	io.WriteString(zw, text)
	zw.Close()
	return func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(buf.Bytes())), nil }
}

// run imports an Online Retail style CSV into st and fails the test on error.
func run(t *testing.T, st store.Store, text string, opts *importer.Options) *importer.Report {
	t.Helper()
	rep, err := importer.Import(context.Background(), st, fromString(text), opts)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if !rep.Accounted() {
		t.Fatalf("kinds %v do not add up to %d lines", rep.Kinds, rep.Lines)
	}
	return rep
}

func orderByNumber(t *testing.T, st store.Store, n string) order.Order {
	t.Helper()
	o, err := st.GetOrderByNumber(context.Background(), n)
	if err != nil {
		t.Fatalf("order %s: %v", n, err)
	}
	return o
}

func returnsOf(t *testing.T, st store.Store, o order.Order) []order.Return {
	t.Helper()
	var out []order.Return
	for r, err := range st.Returns(context.Background(), store.ReturnFilter{OrderID: o.ID}) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

func newStore() *memory.Store { return memory.New() }
