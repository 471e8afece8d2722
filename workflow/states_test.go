package workflow_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/crmkit/crmkit/store/postgres/pgtest"
	"github.com/crmkit/crmkit/workflow/pgstate"
	"github.com/crmkit/crmkit/workflow/sqlitestate"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/crmkit/crmkit/workflow"
)

// stateKind opens a fresh State of one implementation for a test.
type stateKind struct {
	name string
	open func(t *testing.T) workflow.State
}

func stateKinds() []stateKind {
	return []stateKind{
		{"memory", func(t *testing.T) workflow.State { return workflow.NewMemoryState() }},
		{"sqlite", func(t *testing.T) workflow.State {
			st, err := sqlitestate.Open(filepath.Join(t.TempDir(), "workflow.db"), nil)
			require.NoError(t, err)
			return st
		}},
		{"postgres", openPGState},
	}
}

// openPGState opens a PostgreSQL state in a schema of its own, dropped when
// the test ends; it skips without a server (see pgtest.Available).
func openPGState(t *testing.T) workflow.State { return openPGStateB(t) }

func openPGStateB(t testing.TB) workflow.State {
	if !pgtest.Available(t) {
		t.Skip("CRMKIT_POSTGRES_DSN is not set: skipping the PostgreSQL state")
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "crmkit_wf_" + hex.EncodeToString(b)
	dsn := os.Getenv("CRMKIT_POSTGRES_DSN")
	ctx := context.Background()
	st, err := pgstate.Open(ctx, dsn, &pgstate.Options{Schema: schema})
	require.NoError(t, err)
	t.Cleanup(func() {
		st.Close()
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{schema}.Sanitize()+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return st
}

// forEachState runs fn as a subtest on every State implementation.
func forEachState(t *testing.T, fn func(t *testing.T, st workflow.State)) {
	for _, k := range stateKinds() {
		t.Run(k.name, func(t *testing.T) {
			st := k.open(t)
			t.Cleanup(func() { st.Close() })
			fn(t, st)
		})
	}
}
