package postgres

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"sync/atomic"
	"time"

	"github.com/crmkit/crmkit/store"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// DefaultSchema is the schema a store keeps its tables in when Options.Schema
// is empty. A schema of its own keeps crmkit's tables (customers, orders, ...)
// apart from a shop's tables of the same names in the same database.
const DefaultSchema = "crmkit"

// Options configures Open. The zero value (or nil) gives the defaults.
type Options struct {
	// Schema holds the tables; it is created when missing. Default
	// DefaultSchema. Tests give each test a fresh schema.
	Schema string
	// Logger receives migration notices; nil discards them.
	Logger *slog.Logger
	// MaxConns bounds the connection pool; 0 means pgxpool's default
	// (the larger of 4 and the number of CPUs). A scan holds a connection
	// only while it fetches a page, so a caller may use the store inside a
	// scan loop with any pool size.
	MaxConns int32
	// PageSize is how many rows a scan fetches per round trip; 0 means 500.
	PageSize int
	// ReadOnly opens a store for reading only, e.g. on a streaming replica
	// serving scans and reports: no migrations are applied (Open checks
	// that they were), and every transaction is read-only, so a write fails
	// with the server's error.
	ReadOnly bool
}

const defaultPageSize = 500

// Store is a store.Store on a PostgreSQL server. It is safe for concurrent
// use: every write is one statement or one transaction, and updates check
// the record's version under a row lock.
type Store struct {
	pool     *pgxpool.Pool
	schema   string
	log      *slog.Logger
	pageSize int
	closed   atomic.Bool
}

var (
	_ store.Store      = (*Store)(nil)
	_ store.Summarizer = (*Store)(nil)
	_ store.BulkLoader = (*Store)(nil)
)

var schemaName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,62}$`)

// Open connects to the server at dsn (a URL or key=value connection string,
// as pgx accepts), creates the schema if needed and applies the pending
// migrations. Open is safe to call from several processes at once: the
// migrations are serialised by an advisory lock.
func Open(ctx context.Context, dsn string, opts *Options) (*Store, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Schema == "" {
		o.Schema = DefaultSchema
	}
	if !schemaName.MatchString(o.Schema) {
		return nil, fmt.Errorf("postgres: schema name %q: want letters, digits and underscores, not starting with a digit", o.Schema)
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.PageSize <= 0 {
		o.PageSize = defaultPageSize
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: parsing the connection string: %w", err)
	}
	if o.MaxConns > 0 {
		cfg.MaxConns = o.MaxConns
	}
	// Every connection resolves unqualified table names in the store's
	// schema (pg_temp, for bulk loads' staging tables, is searched first).
	cfg.ConnConfig.RuntimeParams["search_path"] = pgx.Identifier{o.Schema}.Sanitize()
	cfg.ConnConfig.RuntimeParams["application_name"] = "crmkit"
	if o.ReadOnly {
		cfg.ConnConfig.RuntimeParams["default_transaction_read_only"] = "on"
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: connecting: %w", err)
	}
	s := &Store{pool: pool, schema: o.Schema, log: o.Logger, pageSize: o.PageSize}
	prepare := s.migrate
	if o.ReadOnly {
		prepare = s.checkMigrated
	}
	if err := prepare(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

// Schema returns the name of the schema holding the store's tables.
func (s *Store) Schema() string { return s.schema }

// Close closes the connection pool, waiting for connections in use to be
// returned. Later calls return store.ErrClosed; closing twice is not an error.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	s.pool.Close()
	return nil
}

// DropSchema deletes the store's schema with all its tables and data, then
// closes the store. It is for throw-away stores (a test's own schema) and
// for removing crmkit from a database; there is no undo.
func (s *Store) DropSchema(ctx context.Context) error {
	if err := s.check(); err != nil {
		return err
	}
	defer s.Close()
	if _, err := s.pool.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{s.schema}.Sanitize()+" CASCADE"); err != nil {
		return s.fail(err, "dropping schema %q", s.schema)
	}
	return nil
}

// check returns store.ErrClosed once the store is closed.
func (s *Store) check() error {
	if s.closed.Load() {
		return store.ErrClosed
	}
	return nil
}

// Stats counts the records held.
func (s *Store) Stats(ctx context.Context) (store.Stats, error) {
	if err := s.check(); err != nil {
		return store.Stats{}, err
	}
	var st store.Stats
	err := s.pool.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM customers), (SELECT count(*) FROM orders),
		(SELECT count(*) FROM returns), (SELECT count(*) FROM products),
		(SELECT count(*) FROM events)`).
		Scan(&st.Customers, &st.Orders, &st.Returns, &st.Products, &st.Events)
	if err != nil {
		return store.Stats{}, s.fail(err, "counting records")
	}
	return st, nil
}

// now is the store's clock: UTC, microseconds, as records are stored.
func now() time.Time { return store.Timestamp(time.Now()) }
