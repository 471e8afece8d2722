package backup_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/crmkit/crmkit/backup"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/crmkit/crmkit/store/postgres/pgtest"
	"github.com/crmkit/crmkit/store/sqlite"
)

// backend opens an empty store for a round trip, or skips the test when the
// backend is not available here (no PostgreSQL server, say).
type backend struct {
	name string
	open func(t *testing.T) store.Store
}

// backends is the chain a backup travels: the data starts in the first,
// is backed up and restored into the next, and so on back to the first,
// and must arrive unchanged. Damaged backups are tried against each.
// PostgreSQL joins between SQLite and the return to memory when a server
// is configured (always under CI; see pgtest).
var backends = []backend{
	{"memory", func(t *testing.T) store.Store { return memory.New() }},
	{"sqlite", func(t *testing.T) store.Store {
		st, err := sqlite.Open(filepath.Join(t.TempDir(), "restore.db"), nil)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}},
}

// chain returns the backends a backup travels through in this run.
func chain(t *testing.T) []backend {
	if !pgtest.Available(t) {
		t.Log("no PostgreSQL server configured: the round trip leaves it out")
		return backends
	}
	pg := backend{"postgres", func(t *testing.T) store.Store { return pgtest.Open(t) }}
	return append(backends[:2:2], append([]backend{pg}, backends[2:]...)...)
}

func TestRoundTripAcrossBackends(t *testing.T) {
	ctx := context.Background()
	backends := chain(t)
	first := backends[0].open(t)
	t.Cleanup(func() { first.Close() })
	want := dump(t, seeded(t, first))
	wantStats, err := first.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if wantStats.Customers == 0 || wantStats.Orders == 0 || wantStats.Returns == 0 || wantStats.Events == 0 || wantStats.Products == 0 {
		t.Fatalf("fixture misses a kind of record: %+v", wantStats)
	}

	from, path := first, backends[0].name
	for _, next := range append(backends[1:], backends[0]) {
		path += " → " + next.name
		var buf bytes.Buffer
		m, err := backup.Backup(ctx, from, &buf)
		if err != nil {
			t.Fatalf("%s: backup: %v", path, err)
		}
		if m.Counts != wantStats {
			t.Fatalf("%s: manifest counts %+v, want %+v", path, m.Counts, wantStats)
		}
		to := next.open(t)
		t.Cleanup(func() { to.Close() })
		rm, err := backup.Restore(ctx, to, &buf)
		if err != nil {
			t.Fatalf("%s: restore: %v", path, err)
		}
		if rm.SHA256 != m.SHA256 || rm.Counts != m.Counts || rm.Version != backup.Version || !rm.CreatedAt.Equal(m.CreatedAt) {
			t.Fatalf("%s: restore manifest %+v, backup manifest %+v", path, rm, m)
		}
		if got := dump(t, to); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: data differs after the round trip\n got %v\nwant %v", path, got, want)
		}
		from = to
	}
}

func TestBackupOfEmptyStoreRestores(t *testing.T) {
	ctx := context.Background()
	var buf bytes.Buffer
	m, err := backup.Backup(ctx, memory.New(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	if m.Counts != (store.Stats{}) {
		t.Fatalf("counts %+v, want zero", m.Counts)
	}
	to := memory.New()
	if _, err := backup.Restore(ctx, to, &buf); err != nil {
		t.Fatal(err)
	}
	if s, _ := to.Stats(ctx); s != (store.Stats{}) {
		t.Fatalf("restored an empty backup into %+v", s)
	}
}

// Restoring twice into the same store collides with the first restore and
// changes nothing.
func TestRestoreConflictLeavesTargetUnchanged(t *testing.T) {
	ctx := context.Background()
	var buf bytes.Buffer
	if _, err := backup.Backup(ctx, seeded(t, memory.New()), &buf); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	to := memory.New()
	if _, err := backup.Restore(ctx, to, bytes.NewReader(raw)); err != nil {
		t.Fatal(err)
	}
	before := dump(t, to)
	_, err := backup.Restore(ctx, to, bytes.NewReader(raw))
	if !errors.Is(err, store.ErrConflict) {
		t.Fatalf("second restore: %v, want store.ErrConflict", err)
	}
	if !reflect.DeepEqual(dump(t, to), before) {
		t.Fatal("a failed restore changed the store")
	}
}
