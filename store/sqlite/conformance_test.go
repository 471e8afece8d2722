package sqlite_test

import (
	"path/filepath"
	"testing"

	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/sqlite"
	"github.com/crmkit/crmkit/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		st, err := sqlite.Open(filepath.Join(t.TempDir(), "crm.db"), nil)
		if err != nil {
			t.Fatal(err)
		}
		return st
	})
}
