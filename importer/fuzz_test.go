package importer_test

import (
	"context"
	"testing"

	"github.com/crmkit/crmkit/importer"
)

// FuzzImport feeds arbitrary files to the import: it must never panic,
// and whatever it accepts it must account for line by line.
//
//	go test ./importer -run '^$' -fuzz FuzzImport -fuzztime 300000x
//
// (A count, not a duration: with Go 1.26 a duration can end in a spurious
// "context deadline exceeded" on a loaded machine, golang/go#75804.)
func FuzzImport(f *testing.F) {
	f.Add(shop)
	f.Add(shop + cancellations)
	f.Add(header + "A1,B,x,1,2011-08-12 14:50:00,-1,,UK\n536365,POST,P,2,2010-12-01 08:26:00,1,,UK\n")
	f.Add(header + "1,\"a\nb\",x,1,2010-12-01 08:26:00,1,1.0,UK\n1,a\"b,x,1,x,1,1,UK\n")
	f.Fuzz(func(t *testing.T, text string) {
		rep, err := importer.Import(context.Background(), newStore(), fromString(text), &importer.Options{BatchOrders: 2})
		if err != nil {
			return // unusable files are rejected, with an error, not a panic
		}
		if !rep.Accounted() {
			t.Fatalf("kinds %v do not add up to %d lines", rep.Kinds, rep.Lines)
		}
	})
}
