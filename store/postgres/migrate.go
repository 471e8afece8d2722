package postgres

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one schema change: migrations/NNNN_name.sql.
type migration struct {
	version  int
	name     string
	sql      string
	checksum string // hex SHA-256 of the file, recorded to detect edited migrations
}

// lockClass is the first key of the advisory lock that serialises
// migrations; the second is a hash of the schema name, so stores in
// different schemas migrate independently.
const lockClass = 0x63726d6b // "crmk"

// migrations returns the embedded migrations in version order.
func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		name := e.Name()
		num, rest, ok := strings.Cut(strings.TrimSuffix(name, ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("postgres: migration file %q: want NNNN_name.sql", name)
		}
		b, err := migrationFiles.ReadFile(path.Join("migrations", name))
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(b)
		ms = append(ms, migration{version: v, name: rest, sql: string(b), checksum: hex.EncodeToString(sum[:])})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("postgres: two migrations with version %d", ms[i].version)
		}
	}
	return ms, nil
}

// migrate creates the schema and its migration record and applies every
// migration not yet recorded, each in its own transaction together with its
// record. Each transaction first takes a transaction-scoped advisory lock,
// so processes opening the same schema at once apply each migration exactly
// once: the later one waits, then finds it recorded.
func (s *Store) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	lock := func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2))`, lockClass, s.schema)
		return err
	}
	// CREATE SCHEMA IF NOT EXISTS races with itself (a unique violation in
	// the catalog), so it runs under the lock too.
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lock(tx); err != nil {
			return err
		}
		ident := pgx.Identifier{s.schema}.Sanitize()
		if _, err := tx.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS `+ident); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS `+ident+`.schema_migrations (
			version    integer     PRIMARY KEY,
			name       text        NOT NULL,
			checksum   text        NOT NULL,
			applied_at timestamptz NOT NULL DEFAULT now())`)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: preparing schema %q: %w", s.schema, err)
	}

	applied, err := s.appliedMigrations(ctx)
	if err != nil {
		return err
	}
	known := map[int]bool{}
	for _, m := range ms {
		known[m.version] = true
		if sum, ok := applied[m.version]; ok {
			if sum != m.checksum {
				return fmt.Errorf("postgres: migration %04d_%s was applied to schema %q with different contents (checksum %s, now %s)", m.version, m.name, s.schema, sum, m.checksum)
			}
			continue
		}
		done := false
		err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
			if err := lock(tx); err != nil {
				return err
			}
			var n int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM schema_migrations WHERE version = $1`, m.version).Scan(&n); err != nil {
				return err
			}
			if n > 0 { // another process applied it while we waited
				return nil
			}
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)`, m.version, m.name, m.checksum)
			done = err == nil
			return err
		})
		if err != nil {
			return fmt.Errorf("postgres: applying migration %04d_%s to schema %q: %w", m.version, m.name, s.schema, err)
		}
		if done {
			s.log.Info("postgres: applied migration", "schema", s.schema, "version", m.version, "name", m.name)
		}
	}
	for v := range applied {
		if !known[v] {
			s.log.Warn("postgres: schema has a migration this version of crmkit does not know; it was written by a newer release", "schema", s.schema, "version", v)
		}
	}
	return nil
}

// checkMigrated verifies, for a read-only store, that every migration this
// package knows was applied.
func (s *Store) checkMigrated(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	applied, err := s.appliedMigrations(ctx)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if _, ok := applied[m.version]; !ok {
			return fmt.Errorf("postgres: schema %q lacks migration %04d_%s: open it once read-write (on the primary) first", s.schema, m.version, m.name)
		}
	}
	return nil
}

// appliedMigrations returns the recorded migrations' checksums by version.
func (s *Store) appliedMigrations(ctx context.Context) (map[int]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT version, checksum FROM schema_migrations`)
	if err != nil {
		return nil, fmt.Errorf("postgres: reading the migration record: %w", err)
	}
	applied := map[int]string{}
	var v int
	var sum string
	_, err = pgx.ForEachRow(rows, []any{&v, &sum}, func() error {
		applied[v] = sum
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: reading the migration record: %w", err)
	}
	return applied, nil
}
