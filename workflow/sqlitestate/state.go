package sqlitestate

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"net/url"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/workflow"
	"github.com/google/uuid"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Options tunes Open. The zero value (or nil) gives the defaults.
type Options struct {
	// BusyTimeout is how long a write waits for another process's lock
	// (default 5 seconds).
	BusyTimeout time.Duration
	// PageSize is how many rows a scan reads per query (default 500).
	PageSize int
}

// State is a workflow.State in a SQLite file. It is safe for concurrent
// use: all access goes through one connection, and scans read a page at a
// time without holding it while the caller runs.
type State struct {
	db       *sql.DB
	pageSize int
	closed   atomic.Bool
}

var _ workflow.State = (*State)(nil)

// Open opens (creating if needed) the state file at path and applies the
// embedded migrations not yet recorded in it, each in one transaction.
func Open(path string, opts *Options) (*State, error) {
	if path == "" {
		return nil, errors.New("sqlitestate: empty path")
	}
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.BusyTimeout <= 0 {
		o.BusyTimeout = 5 * time.Second
	}
	if o.PageSize <= 0 {
		o.PageSize = 500
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", o.BusyTimeout.Milliseconds()))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("sqlitestate: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	s := &State{db: db, pageSize: o.PageSize}
	if err := s.migrate(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlitestate: migrate %s: %w", path, err)
	}
	return s, nil
}

func (s *State) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS workflow_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`); err != nil {
		return err
	}
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return err
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	for _, name := range names {
		num, rest, _ := strings.Cut(strings.TrimSuffix(name, ".sql"), "_")
		v, err := strconv.Atoi(num)
		if err != nil {
			return fmt.Errorf("migration file %q: want NNNN_name.sql", name)
		}
		body, err := migrationFiles.ReadFile(path.Join("migrations", name))
		if err != nil {
			return err
		}
		err = s.tx(ctx, func(tx *sql.Tx) error {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM workflow_migrations WHERE version = ?`, v).Scan(&n); err != nil || n > 0 {
				return err
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("migration %s: %w", name, err)
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO workflow_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
				v, rest, time.Now().UnixMicro())
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *State) check() error {
	if s.closed.Load() {
		return workflow.ErrStateClosed
	}
	return nil
}

func (s *State) tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func fail(err error, what string) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("sqlitestate: %s: %w", what, err)
}

// micros stores a time as Unix microseconds; the zero time as NULL.
func micros(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMicro()
}

func fromMicros(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.UnixMicro(v.Int64).UTC()
}

func idText(id uuid.UUID) string {
	if id == uuid.Nil {
		return ""
	}
	return id.String()
}

func parseID(s string) uuid.UUID {
	id, _ := uuid.Parse(s)
	return id
}

// Cursor returns the journal position.
func (s *State) Cursor(ctx context.Context) (int64, error) {
	if err := s.check(); err != nil {
		return 0, err
	}
	var seq int64
	err := s.db.QueryRowContext(ctx, `SELECT seq FROM workflow_cursor WHERE id = 1`).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return seq, fail(err, "reading the cursor")
}

// Commit applies a batch in one transaction.
func (s *State) Commit(ctx context.Context, b workflow.Batch) (int, error) {
	if err := s.check(); err != nil {
		return 0, err
	}
	added := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		added = 0
		if len(b.Deliveries) > 0 {
			ins, err := tx.PrepareContext(ctx, `INSERT INTO workflow_deliveries
				(key, rule, trigger, seq, customer_id, entity, entity_id, period, status, attempts, next_at, created_at, updated_at, last_error)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`)
			if err != nil {
				return err
			}
			defer ins.Close()
			for _, d := range b.Deliveries {
				res, err := ins.ExecContext(ctx, d.Key, d.Rule, string(d.Trigger), d.Seq, idText(d.CustomerID), string(d.Entity),
					d.EntityID, micros(d.Period), string(d.Status), d.Attempts, d.NextAt.UnixMicro(), d.CreatedAt.UnixMicro(),
					d.UpdatedAt.UnixMicro(), d.LastError)
				if err != nil {
					return err
				}
				n, _ := res.RowsAffected()
				added += int(n)
			}
		}
		if b.Cursor > 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO workflow_cursor (id, seq) VALUES (1, ?)
				ON CONFLICT (id) DO UPDATE SET seq = max(seq, excluded.seq)`, b.Cursor); err != nil {
				return err
			}
		}
		for name, at := range b.Marks {
			if _, err := tx.ExecContext(ctx, `INSERT INTO workflow_marks (name, at) VALUES (?, ?)
				ON CONFLICT (name) DO UPDATE SET at = excluded.at`, name, at.UnixMicro()); err != nil {
				return err
			}
		}
		for _, m := range b.Enter {
			if _, err := tx.ExecContext(ctx, `INSERT INTO workflow_members (rule, customer_id) VALUES (?, ?)
				ON CONFLICT DO NOTHING`, m.Rule, idText(m.CustomerID)); err != nil {
				return err
			}
		}
		for _, m := range b.Leave {
			if _, err := tx.ExecContext(ctx, `DELETE FROM workflow_members WHERE rule = ? AND customer_id = ?`,
				m.Rule, idText(m.CustomerID)); err != nil {
				return err
			}
		}
		return nil
	})
	return added, fail(err, "committing a batch")
}

// Mark returns a recorded evaluation time.
func (s *State) Mark(ctx context.Context, name string) (time.Time, bool, error) {
	if err := s.check(); err != nil {
		return time.Time{}, false, err
	}
	var at sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT at FROM workflow_marks WHERE name = ?`, name).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fail(err, "reading mark "+name)
	}
	return fromMicros(at), true, nil
}

// Members returns a rule's recorded segment members.
func (s *State) Members(ctx context.Context, rule string) (map[uuid.UUID]bool, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT customer_id FROM workflow_members WHERE rule = ?`, rule)
	if err != nil {
		return nil, fail(err, "reading members")
	}
	defer rows.Close()
	out := map[uuid.UUID]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fail(err, "reading members")
		}
		out[parseID(id)] = true
	}
	return out, fail(rows.Err(), "reading members")
}

const deliveryCols = `key, rule, trigger, seq, customer_id, entity, entity_id, period, status, attempts, next_at, created_at, updated_at, last_error`

func scanDelivery(sc interface{ Scan(...any) error }) (workflow.Delivery, error) {
	var d workflow.Delivery
	var trigger, cust, entity, status string
	var period, next, created, updated sql.NullInt64
	err := sc.Scan(&d.Key, &d.Rule, &trigger, &d.Seq, &cust, &entity, &d.EntityID, &period, &status, &d.Attempts,
		&next, &created, &updated, &d.LastError)
	d.Trigger, d.CustomerID, d.Entity, d.Status = workflow.TriggerKind(trigger), parseID(cust), store.Entity(entity), workflow.Status(status)
	d.Period, d.NextAt, d.CreatedAt, d.UpdatedAt = fromMicros(period), fromMicros(next), fromMicros(created), fromMicros(updated)
	return d, err
}

// Claim leases due deliveries in one transaction.
func (s *State) Claim(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]workflow.Delivery, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = -1 // no limit in SQLite
	}
	var out []workflow.Delivery
	err := s.tx(ctx, func(tx *sql.Tx) error {
		out = out[:0]
		rows, err := tx.QueryContext(ctx, `UPDATE workflow_deliveries
			SET attempts = attempts + 1, next_at = ?, updated_at = ?
			WHERE key IN (SELECT key FROM workflow_deliveries WHERE status = 'pending' AND next_at <= ?
				ORDER BY next_at, key LIMIT ?)
			RETURNING `+deliveryCols, now.Add(lease).UnixMicro(), now.UnixMicro(), now.UnixMicro(), limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			d, err := scanDelivery(rows)
			if err != nil {
				return err
			}
			out = append(out, d)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fail(err, "claiming deliveries")
	}
	// The oldest due first, as the contract says; RETURNING has no order.
	slices.SortFunc(out, func(a, b workflow.Delivery) int { return strings.Compare(a.Key, b.Key) })
	return out, nil
}

// Finish records attempts' outcomes and their run-log lines in one
// transaction.
func (s *State) Finish(ctx context.Context, os ...workflow.Outcome) error {
	if err := s.check(); err != nil {
		return err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		upd, err := tx.PrepareContext(ctx, `UPDATE workflow_deliveries SET status = ?, next_at = ?, last_error = ?, updated_at = ?
			WHERE key = ? AND attempts = ? AND status = 'pending'`)
		if err != nil {
			return err
		}
		defer upd.Close()
		ins, err := tx.PrepareContext(ctx, `INSERT INTO workflow_runs (key, rule, customer_id, trigger, at, attempt, result, detail)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer ins.Close()
		for _, o := range os {
			next := o.NextAt
			if next.IsZero() {
				next = o.At
			}
			if _, err := upd.ExecContext(ctx, string(o.Status), next.UnixMicro(), o.LastError, o.At.UnixMicro(), o.Key, o.Attempt); err != nil {
				return err
			}
			r := o.Run
			if _, err := ins.ExecContext(ctx, r.Key, r.Rule, idText(r.CustomerID), r.Trigger, r.At.UnixMicro(), r.Attempt,
				string(r.Result), r.Detail); err != nil {
				return err
			}
		}
		return nil
	})
	return fail(err, "recording outcomes")
}

// Requeue moves a dead letter back to pending.
func (s *State) Requeue(ctx context.Context, key string, now time.Time) (bool, error) {
	if err := s.check(); err != nil {
		return false, err
	}
	res, err := s.db.ExecContext(ctx, `UPDATE workflow_deliveries SET status = 'pending', attempts = 0, next_at = ?, updated_at = ?
		WHERE key = ? AND status = 'dead'`, now.UnixMicro(), now.UnixMicro(), key)
	if err != nil {
		return false, fail(err, "requeueing "+key)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// page yields rows page by page: query gets the last row's sort key (nil at
// first) and returns the next page; the connection is free while the
// caller runs.
func page[T any](s *State, what string, query func(after *T) ([]T, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var last *T
		for {
			if err := s.check(); err != nil {
				var zero T
				yield(zero, err)
				return
			}
			rows, err := query(last)
			if err != nil {
				var zero T
				yield(zero, fail(err, what))
				return
			}
			for i := range rows {
				if !yield(rows[i], nil) {
					return
				}
			}
			if len(rows) < s.pageSize {
				return
			}
			last = &rows[len(rows)-1]
		}
	}
}

func collectRows[T any](rows *sql.Rows, err error, scan func(*sql.Rows) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Deliveries scans deliveries by key.
func (s *State) Deliveries(ctx context.Context, f workflow.DeliveryFilter) iter.Seq2[workflow.Delivery, error] {
	return page(s, "scanning deliveries", func(after *workflow.Delivery) ([]workflow.Delivery, error) {
		q := `SELECT ` + deliveryCols + ` FROM workflow_deliveries WHERE 1=1`
		var args []any
		if after != nil {
			q, args = q+` AND key > ?`, append(args, after.Key)
		}
		if f.Rule != "" {
			q, args = q+` AND rule = ?`, append(args, f.Rule)
		}
		if f.Status != "" {
			q, args = q+` AND status = ?`, append(args, string(f.Status))
		}
		if f.CustomerID != uuid.Nil {
			q, args = q+` AND customer_id = ?`, append(args, f.CustomerID.String())
		}
		q, args = q+` ORDER BY key LIMIT ?`, append(args, s.pageSize)
		rows, err := s.db.QueryContext(ctx, q, args...)
		return collectRows(rows, err, func(r *sql.Rows) (workflow.Delivery, error) { return scanDelivery(r) })
	})
}

// Runs scans the run log, oldest first.
func (s *State) Runs(ctx context.Context, f workflow.RunFilter) iter.Seq2[workflow.Run, error] {
	return page(s, "scanning runs", func(after *workflow.Run) ([]workflow.Run, error) {
		q := `SELECT id, key, rule, customer_id, trigger, at, attempt, result, detail FROM workflow_runs WHERE 1=1`
		var args []any
		if after != nil {
			q, args = q+` AND id > ?`, append(args, after.ID)
		}
		if f.Rule != "" {
			q, args = q+` AND rule = ?`, append(args, f.Rule)
		}
		if f.Key != "" {
			q, args = q+` AND key = ?`, append(args, f.Key)
		}
		if f.CustomerID != uuid.Nil {
			q, args = q+` AND customer_id = ?`, append(args, f.CustomerID.String())
		}
		q, args = q+` ORDER BY id LIMIT ?`, append(args, s.pageSize)
		rows, err := s.db.QueryContext(ctx, q, args...)
		return collectRows(rows, err, func(r *sql.Rows) (workflow.Run, error) {
			var run workflow.Run
			var cust, result string
			var at sql.NullInt64
			err := r.Scan(&run.ID, &run.Key, &run.Rule, &cust, &run.Trigger, &at, &run.Attempt, &result, &run.Detail)
			run.CustomerID, run.At, run.Result = parseID(cust), fromMicros(at), workflow.Result(result)
			return run, err
		})
	})
}

// AddTask stores a task unless its key exists.
func (s *State) AddTask(ctx context.Context, t workflow.Task) (bool, error) {
	if err := s.check(); err != nil {
		return false, err
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO workflow_tasks (key, rule, customer_id, title, note, assignee, due, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
		t.Key, t.Rule, idText(t.CustomerID), t.Title, t.Note, t.Assignee, t.Due.UnixMicro(), t.CreatedAt.UnixMicro())
	if err != nil {
		return false, fail(err, "adding task "+t.Key)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// Tasks scans tasks by due time, then key.
func (s *State) Tasks(ctx context.Context, f workflow.TaskFilter) iter.Seq2[workflow.Task, error] {
	return page(s, "scanning tasks", func(after *workflow.Task) ([]workflow.Task, error) {
		q := `SELECT key, rule, customer_id, title, note, assignee, due, created_at, done_at FROM workflow_tasks WHERE 1=1`
		var args []any
		if after != nil {
			q, args = q+` AND (due, key) > (?, ?)`, append(args, after.Due.UnixMicro(), after.Key)
		}
		if f.Rule != "" {
			q, args = q+` AND rule = ?`, append(args, f.Rule)
		}
		if f.Assignee != "" {
			q, args = q+` AND assignee = ?`, append(args, f.Assignee)
		}
		if f.CustomerID != uuid.Nil {
			q, args = q+` AND customer_id = ?`, append(args, f.CustomerID.String())
		}
		if f.Open {
			q += ` AND done_at IS NULL`
		}
		q, args = q+` ORDER BY due, key LIMIT ?`, append(args, s.pageSize)
		rows, err := s.db.QueryContext(ctx, q, args...)
		return collectRows(rows, err, func(r *sql.Rows) (workflow.Task, error) {
			var t workflow.Task
			var cust string
			var due, created, done sql.NullInt64
			err := r.Scan(&t.Key, &t.Rule, &cust, &t.Title, &t.Note, &t.Assignee, &due, &created, &done)
			t.CustomerID, t.Due, t.CreatedAt, t.DoneAt = parseID(cust), fromMicros(due), fromMicros(created), fromMicros(done)
			return t, err
		})
	})
}

// CompleteTask marks an open task done.
func (s *State) CompleteTask(ctx context.Context, key string, at time.Time) (bool, error) {
	if err := s.check(); err != nil {
		return false, err
	}
	res, err := s.db.ExecContext(ctx, `UPDATE workflow_tasks SET done_at = ? WHERE key = ? AND done_at IS NULL`, at.UnixMicro(), key)
	if err != nil {
		return false, fail(err, "completing task "+key)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// Close closes the file; later calls return workflow.ErrStateClosed.
func (s *State) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	return s.db.Close()
}
