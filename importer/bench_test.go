package importer_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/crmkit/crmkit/importer"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/crmkit/crmkit/store/sqlite"
)

// benchBackends are the stores the import benchmark writes into, each
// opened empty per iteration. PostgreSQL joins when it is built in
// (skipping without CRMKIT_POSTGRES_DSN, starting from empty tables).
var benchBackends = []struct {
	name string
	open func(b *testing.B) store.Store
}{
	{"memory", func(b *testing.B) store.Store { return memory.New() }},
	{"sqlite", func(b *testing.B) store.Store {
		st, err := sqlite.Open(filepath.Join(b.TempDir(), "import.db"), nil)
		if err != nil {
			b.Fatal(err)
		}
		return st
	}},
}

// BenchmarkImportOnlineRetail imports the whole UCI Online Retail file
// (541,909 lines) into an empty store per iteration and reports lines per
// second.
//
//	go test ./importer -run '^$' -bench ImportOnlineRetail -benchtime 3x
func BenchmarkImportOnlineRetail(b *testing.B) {
	path := onlineRetailPath(b)
	ctx := context.Background()
	for _, be := range benchBackends {
		b.Run(be.name, func(b *testing.B) {
			var lines int
			for b.Loop() {
				b.StopTimer()
				st := be.open(b)
				b.StartTimer()
				rep, err := importer.ImportFile(ctx, st, path, nil)
				if err != nil {
					b.Fatal(err)
				}
				lines = rep.Lines
				b.StopTimer()
				st.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(lines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
		})
	}
}
