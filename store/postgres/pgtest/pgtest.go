package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/crmkit/crmkit/store/postgres"
	"github.com/jackc/pgx/v5"
)

// Available reports whether a server is configured. Under CI a missing
// server fails the test instead of returning false.
func Available(t testing.TB) bool {
	t.Helper()
	if os.Getenv("CRMKIT_POSTGRES_DSN") != "" {
		return true
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("CRMKIT_POSTGRES_DSN is not set, but CI must test against a real PostgreSQL server: source .ci/postgres.sh first")
	}
	return false
}

// Open returns a store in a new schema, closed and dropped when the test
// ends. It skips the test when no server is configured (see Available).
func Open(t testing.TB) *postgres.Store {
	t.Helper()
	if !Available(t) {
		t.Skip("CRMKIT_POSTGRES_DSN is not set: skipping (`. .ci/postgres.sh` starts a throw-away server and sets it)")
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	dsn, schema := os.Getenv("CRMKIT_POSTGRES_DSN"), "crmkit_t_"+hex.EncodeToString(b)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	st, err := postgres.Open(ctx, dsn, &postgres.Options{Schema: schema})
	if err != nil {
		t.Fatalf("pgtest: open: %v", err)
	}
	// The test may close the store itself; the schema is dropped over a
	// connection of its own either way.
	t.Cleanup(func() {
		_ = st.Close()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Errorf("pgtest: drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{schema}.Sanitize()+" CASCADE"); err != nil {
			t.Errorf("pgtest: drop schema %s: %v", schema, err)
		}
	})
	return st
}
