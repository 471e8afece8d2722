package backup_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/crmkit/crmkit/backup"
	"github.com/crmkit/crmkit/importer"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
)

// onlineRetailStore returns a memory store holding the imported UCI Online
// Retail file, or skips when the data is absent.
func onlineRetailStore(b *testing.B) store.Store {
	b.Helper()
	path := filepath.Join("..", "..", "shared", "data", "online-retail", "online_retail.csv.gz")
	if _, err := os.Stat(path); err != nil {
		b.Skipf("Online Retail data not found at %s: %v", path, err)
	}
	st := memory.New()
	if _, err := importer.ImportFile(context.Background(), st, path, &importer.Options{}); err != nil {
		b.Fatal(err)
	}
	return st
}

// BenchmarkBackupOnlineRetail backs up the imported Online Retail data
// (about 6.5k customers, 20.7k orders, 3.7k returns, 3.9k products).
//
//	go test ./backup -run '^$' -bench OnlineRetail -benchtime 3x
func BenchmarkBackupOnlineRetail(b *testing.B) {
	st := onlineRetailStore(b)
	ctx := context.Background()
	var buf bytes.Buffer
	var records int64
	for b.Loop() {
		buf.Reset()
		m, err := backup.Backup(ctx, st, &buf)
		if err != nil {
			b.Fatal(err)
		}
		c := m.Counts
		records = c.Customers + c.Orders + c.Returns + c.Products + c.Events
	}
	b.ReportMetric(float64(buf.Len())/1e6, "MB-gzip")
	b.ReportMetric(float64(records)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkRestoreOnlineRetail restores that backup into an empty memory store.
func BenchmarkRestoreOnlineRetail(b *testing.B) {
	st := onlineRetailStore(b)
	ctx := context.Background()
	var buf bytes.Buffer
	m, err := backup.Backup(ctx, st, &buf)
	if err != nil {
		b.Fatal(err)
	}
	c := m.Counts
	records := c.Customers + c.Orders + c.Returns + c.Products + c.Events
	for b.Loop() {
		if _, err := backup.Restore(ctx, memory.New(), bytes.NewReader(buf.Bytes())); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(records)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}
