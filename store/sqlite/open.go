package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/crmkit/crmkit/store"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// Options tunes a Store. The zero value, and a nil *Options, give the defaults.
type Options struct {
	// Logger receives migration and maintenance messages; nil discards them.
	Logger *slog.Logger
	// BusyTimeout is how long a connection waits for a lock held by another
	// process before failing with SQLITE_BUSY. Default 5s.
	BusyTimeout time.Duration
	// IdleReaders is how many read connections are kept open between uses.
	// Default 4. Reads beyond it open further connections rather than wait,
	// so scans nested inside scans never deadlock.
	IdleReaders int
	// Clock gives the current time for the timestamps the store sets
	// (CreatedAt, UpdatedAt); default time.Now.
	Clock func() time.Time
}

func (o *Options) withDefaults() Options {
	var d Options
	if o != nil {
		d = *o
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.BusyTimeout <= 0 {
		d.BusyTimeout = 5 * time.Second
	}
	if d.IdleReaders <= 0 {
		d.IdleReaders = 4
	}
	if d.Clock == nil {
		d.Clock = time.Now
	}
	return d
}

// Store is crmkit's store on a SQLite file. It is safe for concurrent use:
// writes go through a single connection and are serialised, reads use a
// pool of connections that, in WAL mode, see the last committed state
// without blocking the writer.
type Store struct {
	path   string
	opts   Options
	writer *sql.DB // one connection: SQLite allows one writer at a time
	reader *sql.DB // read-only connections
	closed atomic.Bool
}

var (
	_ store.Store      = (*Store)(nil)
	_ store.Summarizer = (*Store)(nil)
	_ store.BulkLoader = (*Store)(nil)
)

// Open opens (creating if needed) the SQLite database file at path and
// brings its schema up to date by applying the embedded migrations not yet
// recorded in it. The file runs in WAL mode with synchronous=FULL, so a
// write is on disk when the call that made it returns, and with foreign keys
// enforced. Close the store when done.
func Open(path string, opts *Options) (*Store, error) {
	if path == "" {
		return nil, errors.New("sqlite: empty database path")
	}
	o := opts.withDefaults()
	writer, err := sql.Open("sqlite", dsn(path, o, false))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	writer.SetMaxOpenConns(1)
	writer.SetMaxIdleConns(1)
	writer.SetConnMaxLifetime(0)
	writer.SetConnMaxIdleTime(0)

	s := &Store{path: path, opts: o, writer: writer}
	ctx := context.Background()
	if err := s.checkJournal(ctx); err != nil {
		writer.Close()
		return nil, err
	}
	if err := migrate(ctx, writer, o.Logger, o.Clock); err != nil {
		writer.Close()
		return nil, fmt.Errorf("sqlite: migrate %s: %w", path, err)
	}

	reader, err := sql.Open("sqlite", dsn(path, o, true))
	if err != nil {
		writer.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	reader.SetMaxIdleConns(o.IdleReaders)
	reader.SetConnMaxLifetime(0)
	reader.SetConnMaxIdleTime(0)
	s.reader = reader
	return s, nil
}

// dsn builds the connection string. Every connection gets the busy
// timeout, foreign keys and synchronous=FULL; the writer begins its
// transactions IMMEDIATE so that a read-then-write transaction never fails
// on lock upgrade; readers are query-only as a guard.
func dsn(path string, o Options, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", o.BusyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "temp_store(MEMORY)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		// The writer touches many index pages per batch; a larger cache
		// (in KiB when negative) saves re-reading them from the OS.
		q.Add("_pragma", "cache_size(-32768)")
		q.Add("_pragma", "journal_mode(WAL)")
		q.Set("_txlock", "immediate")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// checkJournal confirms that the file really runs in WAL mode: SQLite keeps
// the old mode silently when it cannot switch (an in-memory database, say).
func (s *Store) checkJournal(ctx context.Context) error {
	var mode string
	if err := s.writer.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return fmt.Errorf("sqlite: open %s: %w", s.path, err)
	}
	if mode != "wal" {
		return fmt.Errorf("sqlite: open %s: journal mode is %q, need WAL (is it a regular file?)", s.path, mode)
	}
	return nil
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// Close releases the store's connections. Later calls on the store return
// store.ErrClosed; closing twice is not an error.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	// Let SQLite refresh the planner's statistics where they drifted; cheap
	// when nothing changed.
	if _, err := s.writer.Exec("PRAGMA optimize"); err != nil {
		s.opts.Logger.Warn("sqlite: optimize on close failed", "path", s.path, "err", err)
	}
	return errors.Join(s.reader.Close(), s.writer.Close())
}

// Stats counts the records held. Errors: store.ErrClosed.
func (s *Store) Stats(ctx context.Context) (store.Stats, error) {
	if err := s.check(ctx); err != nil {
		return store.Stats{}, err
	}
	var st store.Stats
	err := s.reader.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM customers),
		(SELECT count(*) FROM orders),
		(SELECT count(*) FROM returns),
		(SELECT count(*) FROM products),
		(SELECT count(*) FROM events)`).Scan(&st.Customers, &st.Orders, &st.Returns, &st.Products, &st.Events)
	if err != nil {
		return store.Stats{}, s.wrap("stats", err)
	}
	return st, nil
}

// now returns the clock's time as stored: UTC, microseconds.
func (s *Store) now() time.Time { return store.Timestamp(s.opts.Clock()) }

// check returns store.ErrClosed after Close and the context's error when it is done.
func (s *Store) check(ctx context.Context) error {
	if s.closed.Load() {
		return store.ErrClosed
	}
	return ctx.Err()
}
