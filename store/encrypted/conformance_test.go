package encrypted_test

import (
	"path/filepath"
	"testing"

	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/crmkit/crmkit/store/postgres/pgtest"
	"github.com/crmkit/crmkit/store/sqlite"
	"github.com/crmkit/crmkit/store/storetest"
)

// The wrapped store keeps the whole store contract, over every backend.

func TestConformanceMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return wrap(t, memory.New()) })
}

func TestConformanceSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		st, err := sqlite.Open(filepath.Join(t.TempDir(), "crm.db"), nil)
		if err != nil {
			t.Fatal(err)
		}
		return wrap(t, st)
	})
}

func TestConformancePostgres(t *testing.T) {
	if !pgtest.Available(t) {
		t.Skip("CRMKIT_POSTGRES_DSN is not set: skipping the PostgreSQL conformance run")
	}
	storetest.Run(t, func(t *testing.T) store.Store { return wrap(t, pgtest.Open(t)) })
}
