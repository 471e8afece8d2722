package postgres

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/crmkit/crmkit/store"
)

// TestMigrationsAppliedOnceByConcurrentOpens opens one new schema from
// several pools at once, as several processes starting together would: all
// succeed and each migration is applied and recorded exactly once.
func TestMigrationsAppliedOnceByConcurrentOpens(t *testing.T) {
	dsn := testDSN(t)
	schema := freshSchema(t, dsn)
	ctx := context.Background()
	const openers = 6
	var wg sync.WaitGroup
	errs := make([]error, openers)
	for i := range openers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := Open(ctx, dsn, &Options{Schema: schema, MaxConns: 2})
			if err == nil {
				st.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("opener %d: %v", i, err)
		}
	}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	st, err := Open(ctx, dsn, &Options{Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var rows, distinct int
	if err := st.pool.QueryRow(ctx, `SELECT count(*), count(DISTINCT version) FROM schema_migrations`).Scan(&rows, &distinct); err != nil {
		t.Fatal(err)
	}
	if rows != len(ms) || distinct != len(ms) {
		t.Errorf("schema_migrations holds %d rows (%d versions), want %d", rows, distinct, len(ms))
	}
}

func TestEditedMigrationIsRefused(t *testing.T) {
	dsn := testDSN(t)
	schema := freshSchema(t, dsn)
	ctx := context.Background()
	st, err := Open(ctx, dsn, &Options{Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.pool.Exec(ctx, `UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1`); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if _, err := Open(ctx, dsn, &Options{Schema: schema}); err == nil || !strings.Contains(err.Error(), "different contents") {
		t.Errorf("Open after the recorded checksum changed: %v, want a refusal", err)
	}
}

func TestReadOnly(t *testing.T) {
	dsn := testDSN(t)
	ctx := context.Background()
	if _, err := Open(ctx, dsn, &Options{Schema: freshSchema(t, dsn), ReadOnly: true}); err == nil {
		t.Error("a read-only store opened on a schema that was never migrated")
	}
	schema := freshSchema(t, dsn)
	rw, err := Open(ctx, dsn, &Options{Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	defer rw.Close()
	c := newCustomer(1)
	if err := rw.CreateCustomer(ctx, &c); err != nil {
		t.Fatal(err)
	}
	ro, err := Open(ctx, dsn, &Options{Schema: schema, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if got, err := ro.GetCustomer(ctx, c.ID); err != nil || got.Email != c.Email {
		t.Errorf("read through the read-only store: %v, %v", got.Email, err)
	}
	d := newCustomer(2)
	if err := ro.CreateCustomer(ctx, &d); err == nil {
		t.Error("a write through the read-only store succeeded")
	}
}

func TestSchemaNameChecked(t *testing.T) {
	for _, bad := range []string{"1abc", "a-b", `x"; DROP TABLE y; --`, strings.Repeat("s", 64)} {
		if _, err := Open(context.Background(), "postgres://localhost/x", &Options{Schema: bad}); err == nil {
			t.Errorf("schema %q accepted", bad)
		}
	}
}

func TestOpenUnreachableServer(t *testing.T) {
	_, err := Open(context.Background(), "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=5", nil)
	if err == nil || !strings.Contains(err.Error(), "postgres: preparing schema") {
		t.Errorf("Open on a closed port: %v, want a connection error", err)
	}
}

func TestDropSchema(t *testing.T) {
	dsn := testDSN(t)
	ctx := context.Background()
	schema := freshSchema(t, dsn)
	st, err := Open(ctx, dsn, &Options{Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	c := newCustomer(1)
	if err := st.CreateCustomer(ctx, &c); err != nil {
		t.Fatal(err)
	}
	if err := st.DropSchema(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Stats(ctx); !errors.Is(err, store.ErrClosed) {
		t.Errorf("Stats after DropSchema: %v, want ErrClosed", err)
	}
	again, err := Open(ctx, dsn, &Options{Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if n, err := again.Stats(ctx); err != nil || n != (store.Stats{}) {
		t.Errorf("reopened schema: %+v, %v; want empty", n, err)
	}
}
