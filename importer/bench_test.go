package importer_test

import (
	"context"
	"testing"

	"github.com/crmkit/crmkit/importer"
	"github.com/crmkit/crmkit/store/memory"
)

// BenchmarkImportOnlineRetailMemory imports the whole UCI Online Retail
// file (541,909 lines) into a fresh memory store per iteration and reports
// lines per second.
//
//	go test ./importer -run '^$' -bench ImportOnlineRetail -benchtime 3x
func BenchmarkImportOnlineRetailMemory(b *testing.B) {
	path := onlineRetailPath(b)
	ctx := context.Background()
	var lines int
	for b.Loop() {
		rep, err := importer.ImportFile(ctx, memory.New(), path, nil)
		if err != nil {
			b.Fatal(err)
		}
		lines = rep.Lines
	}
	b.ReportMetric(float64(lines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}
