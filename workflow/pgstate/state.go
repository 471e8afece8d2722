package pgstate

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/workflow"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// DefaultSchema is the schema of the tables when Options.Schema is empty:
// the store's, so that a shop's crmkit data sit together.
const DefaultSchema = "crmkit"

// Options configures Open. The zero value (or nil) gives the defaults.
type Options struct {
	// Schema holds the tables; it is created when missing.
	Schema string
	// MaxConns bounds the connection pool; 0 means pgxpool's default.
	MaxConns int32
	// PageSize is how many rows a scan reads per query (default 500).
	PageSize int
}

// State is a workflow.State in PostgreSQL. It is safe for concurrent use,
// from one process or several.
type State struct {
	pool     *pgxpool.Pool
	schema   string
	pageSize int
	closed   atomic.Bool
}

var _ workflow.State = (*State)(nil)

var schemaName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,62}$`)

// lockClass keys the advisory lock that serialises migrations across
// processes ("wflw").
const lockClass = 0x77666c77

// Open connects to dsn and applies the embedded migrations not yet
// recorded in the schema, each in one transaction under an advisory lock.
func Open(ctx context.Context, dsn string, opts *Options) (*State, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Schema == "" {
		o.Schema = DefaultSchema
	}
	if !schemaName.MatchString(o.Schema) {
		return nil, fmt.Errorf("pgstate: schema name %q: want letters, digits and underscores, not starting with a digit", o.Schema)
	}
	if o.PageSize <= 0 {
		o.PageSize = 500
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("pgstate: parsing the connection string: %w", err)
	}
	if o.MaxConns > 0 {
		cfg.MaxConns = o.MaxConns
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = pgx.Identifier{o.Schema}.Sanitize()
	cfg.ConnConfig.RuntimeParams["application_name"] = "crmkit-workflow"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("pgstate: connecting: %w", err)
	}
	s := &State{pool: pool, schema: o.Schema, pageSize: o.PageSize}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("pgstate: migrating schema %q: %w", o.Schema, err)
	}
	return s, nil
}

func (s *State) migrate(ctx context.Context) error {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return err
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	ident := pgx.Identifier{s.schema}.Sanitize()
	lock := func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2))`, lockClass, s.schema)
		return err
	}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lock(tx); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS `+ident); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS `+ident+`.workflow_migrations (
			version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`)
		return err
	})
	if err != nil {
		return err
	}
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
		err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
			if err := lock(tx); err != nil {
				return err
			}
			var n int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM workflow_migrations WHERE version = $1`, v).Scan(&n); err != nil || n > 0 {
				return err
			}
			if _, err := tx.Exec(ctx, string(body)); err != nil {
				return fmt.Errorf("migration %s: %w", name, err)
			}
			_, err := tx.Exec(ctx, `INSERT INTO workflow_migrations (version, name) VALUES ($1, $2)`, v, rest)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// DropTables removes the state's tables and their data, then closes the
// state: for throw-away states in tests and for uninstalling.
func (s *State) DropTables(ctx context.Context) error {
	if err := s.check(); err != nil {
		return err
	}
	defer s.Close()
	_, err := s.pool.Exec(ctx, `DROP TABLE IF EXISTS workflow_cursor, workflow_deliveries, workflow_runs,
		workflow_tasks, workflow_marks, workflow_members, workflow_migrations`)
	return fail(err, "dropping tables")
}

func (s *State) check() error {
	if s.closed.Load() {
		return workflow.ErrStateClosed
	}
	return nil
}

func fail(err error, what string) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("pgstate: %s: %w", what, err)
}

func optID(id uuid.UUID) pgtype.UUID { return pgtype.UUID{Bytes: id, Valid: id != uuid.Nil} }

func optTime(t time.Time) pgtype.Timestamptz {
	return pgtype.Timestamptz{Time: t, Valid: !t.IsZero()}
}

func fromID(v pgtype.UUID) uuid.UUID {
	if !v.Valid {
		return uuid.Nil
	}
	return v.Bytes
}

func fromTime(v pgtype.Timestamptz) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return v.Time.UTC()
}

// Cursor returns the journal position.
func (s *State) Cursor(ctx context.Context) (int64, error) {
	if err := s.check(); err != nil {
		return 0, err
	}
	var seq int64
	err := s.pool.QueryRow(ctx, `SELECT seq FROM workflow_cursor WHERE id = 1`).Scan(&seq)
	if errors.Is(err, pgx.ErrNoRows) {
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
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		added = 0
		var batch pgx.Batch
		for _, d := range b.Deliveries {
			batch.Queue(`INSERT INTO workflow_deliveries
				(key, rule, trigger, seq, customer_id, entity, entity_id, period, status, attempts, next_at, created_at, updated_at, last_error)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (key) DO NOTHING`,
				d.Key, d.Rule, string(d.Trigger), d.Seq, optID(d.CustomerID), string(d.Entity), d.EntityID, optTime(d.Period),
				string(d.Status), d.Attempts, d.NextAt, d.CreatedAt, d.UpdatedAt, d.LastError).Exec(func(ct pgconn.CommandTag) error {
				added += int(ct.RowsAffected())
				return nil
			})
		}
		if b.Cursor > 0 {
			batch.Queue(`INSERT INTO workflow_cursor (id, seq) VALUES (1, $1)
				ON CONFLICT (id) DO UPDATE SET seq = GREATEST(workflow_cursor.seq, excluded.seq)`, b.Cursor)
		}
		for name, at := range b.Marks {
			batch.Queue(`INSERT INTO workflow_marks (name, at) VALUES ($1, $2)
				ON CONFLICT (name) DO UPDATE SET at = excluded.at`, name, at)
		}
		for _, m := range b.Enter {
			batch.Queue(`INSERT INTO workflow_members (rule, customer_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, m.Rule, optID(m.CustomerID))
		}
		for _, m := range b.Leave {
			batch.Queue(`DELETE FROM workflow_members WHERE rule = $1 AND customer_id = $2`, m.Rule, optID(m.CustomerID))
		}
		if batch.Len() == 0 {
			return nil
		}
		return tx.SendBatch(ctx, &batch).Close()
	})
	return added, fail(err, "committing a batch")
}

// Mark returns a recorded evaluation time.
func (s *State) Mark(ctx context.Context, name string) (time.Time, bool, error) {
	if err := s.check(); err != nil {
		return time.Time{}, false, err
	}
	var at time.Time
	err := s.pool.QueryRow(ctx, `SELECT at FROM workflow_marks WHERE name = $1`, name).Scan(&at)
	if errors.Is(err, pgx.ErrNoRows) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fail(err, "reading mark "+name)
	}
	return at.UTC(), true, nil
}

// Members returns a rule's recorded segment members.
func (s *State) Members(ctx context.Context, rule string) (map[uuid.UUID]bool, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, `SELECT customer_id FROM workflow_members WHERE rule = $1`, rule)
	if err != nil {
		return nil, fail(err, "reading members")
	}
	defer rows.Close()
	out := map[uuid.UUID]bool{}
	for rows.Next() {
		var id pgtype.UUID
		if err := rows.Scan(&id); err != nil {
			return nil, fail(err, "reading members")
		}
		out[fromID(id)] = true
	}
	return out, fail(rows.Err(), "reading members")
}

const deliveryCols = `key, rule, trigger, seq, customer_id, entity, entity_id, period, status, attempts, next_at, created_at, updated_at, last_error`

func scanDelivery(row pgx.Row) (workflow.Delivery, error) {
	var d workflow.Delivery
	var trigger, entity, status string
	var cust pgtype.UUID
	var period, next, created, updated pgtype.Timestamptz
	err := row.Scan(&d.Key, &d.Rule, &trigger, &d.Seq, &cust, &entity, &d.EntityID, &period, &status, &d.Attempts,
		&next, &created, &updated, &d.LastError)
	d.Trigger, d.CustomerID, d.Entity, d.Status = workflow.TriggerKind(trigger), fromID(cust), store.Entity(entity), workflow.Status(status)
	d.Period, d.NextAt, d.CreatedAt, d.UpdatedAt = fromTime(period), fromTime(next), fromTime(created), fromTime(updated)
	return d, err
}

// Claim leases due deliveries; rows another worker is claiming at the same
// moment are skipped, not waited for.
func (s *State) Claim(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]workflow.Delivery, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	lim := pgtype.Int8{Int64: int64(limit), Valid: limit > 0}
	rows, err := s.pool.Query(ctx, `UPDATE workflow_deliveries
		SET attempts = attempts + 1, next_at = $1, updated_at = $2
		WHERE key IN (SELECT key FROM workflow_deliveries WHERE status = 'pending' AND next_at <= $2
			ORDER BY next_at, key LIMIT $3 FOR UPDATE SKIP LOCKED)
		RETURNING `+deliveryCols, now.Add(lease), now, lim)
	if err != nil {
		return nil, fail(err, "claiming deliveries")
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (workflow.Delivery, error) { return scanDelivery(r) })
	if err != nil {
		return nil, fail(err, "claiming deliveries")
	}
	slices.SortFunc(out, func(a, b workflow.Delivery) int { return strings.Compare(a.Key, b.Key) })
	return out, nil
}

// Finish records attempts' outcomes and their run-log lines in one
// transaction.
func (s *State) Finish(ctx context.Context, os ...workflow.Outcome) error {
	if err := s.check(); err != nil {
		return err
	}
	if len(os) == 0 {
		return nil
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var batch pgx.Batch
		for _, o := range os {
			next := o.NextAt
			if next.IsZero() {
				next = o.At
			}
			batch.Queue(`UPDATE workflow_deliveries SET status = $1, next_at = $2, last_error = $3, updated_at = $4
				WHERE key = $5 AND attempts = $6 AND status = 'pending'`,
				string(o.Status), next, o.LastError, o.At, o.Key, o.Attempt)
			r := o.Run
			batch.Queue(`INSERT INTO workflow_runs (key, rule, customer_id, trigger, at, attempt, result, detail)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, r.Key, r.Rule, optID(r.CustomerID), r.Trigger, r.At, r.Attempt,
				string(r.Result), r.Detail)
		}
		return tx.SendBatch(ctx, &batch).Close()
	})
	return fail(err, "recording outcomes")
}

// Requeue moves a dead letter back to pending.
func (s *State) Requeue(ctx context.Context, key string, now time.Time) (bool, error) {
	if err := s.check(); err != nil {
		return false, err
	}
	ct, err := s.pool.Exec(ctx, `UPDATE workflow_deliveries SET status = 'pending', attempts = 0, next_at = $1, updated_at = $1
		WHERE key = $2 AND status = 'dead'`, now, key)
	if err != nil {
		return false, fail(err, "requeueing "+key)
	}
	return ct.RowsAffected() == 1, nil
}

// page yields rows page by page, holding no connection while the caller
// runs.
func page[T any](s *State, what string, query func(after *T) ([]T, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var last *T
		for {
			var zero T
			if err := s.check(); err != nil {
				yield(zero, err)
				return
			}
			rows, err := query(last)
			if err != nil {
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

// where builds a filter clause with numbered parameters.
type where struct {
	sql  string
	args []any
}

func (w *where) add(cond string, arg any) {
	w.args = append(w.args, arg)
	w.sql += " AND " + strings.Replace(cond, "?", "$"+strconv.Itoa(len(w.args)), 1)
}

// Deliveries scans deliveries by key.
func (s *State) Deliveries(ctx context.Context, f workflow.DeliveryFilter) iter.Seq2[workflow.Delivery, error] {
	return page(s, "scanning deliveries", func(after *workflow.Delivery) ([]workflow.Delivery, error) {
		w := where{sql: "TRUE"}
		if after != nil {
			w.add(`key COLLATE "C" > ?`, after.Key)
		}
		if f.Rule != "" {
			w.add("rule = ?", f.Rule)
		}
		if f.Status != "" {
			w.add("status = ?", string(f.Status))
		}
		if f.CustomerID != uuid.Nil {
			w.add("customer_id = ?", optID(f.CustomerID))
		}
		rows, err := s.pool.Query(ctx, `SELECT `+deliveryCols+` FROM workflow_deliveries WHERE `+w.sql+
			` ORDER BY key COLLATE "C" LIMIT `+strconv.Itoa(s.pageSize), w.args...)
		if err != nil {
			return nil, err
		}
		return pgx.CollectRows(rows, func(r pgx.CollectableRow) (workflow.Delivery, error) { return scanDelivery(r) })
	})
}

// Runs scans the run log, oldest first.
func (s *State) Runs(ctx context.Context, f workflow.RunFilter) iter.Seq2[workflow.Run, error] {
	return page(s, "scanning runs", func(after *workflow.Run) ([]workflow.Run, error) {
		w := where{sql: "TRUE"}
		if after != nil {
			w.add("id > ?", after.ID)
		}
		if f.Rule != "" {
			w.add("rule = ?", f.Rule)
		}
		if f.Key != "" {
			w.add("key = ?", f.Key)
		}
		if f.CustomerID != uuid.Nil {
			w.add("customer_id = ?", optID(f.CustomerID))
		}
		rows, err := s.pool.Query(ctx, `SELECT id, key, rule, customer_id, trigger, at, attempt, result, detail
			FROM workflow_runs WHERE `+w.sql+` ORDER BY id LIMIT `+strconv.Itoa(s.pageSize), w.args...)
		if err != nil {
			return nil, err
		}
		return pgx.CollectRows(rows, func(r pgx.CollectableRow) (workflow.Run, error) {
			var run workflow.Run
			var cust pgtype.UUID
			var result string
			err := r.Scan(&run.ID, &run.Key, &run.Rule, &cust, &run.Trigger, &run.At, &run.Attempt, &result, &run.Detail)
			run.CustomerID, run.At, run.Result = fromID(cust), run.At.UTC(), workflow.Result(result)
			return run, err
		})
	})
}

// AddTask stores a task unless its key exists.
func (s *State) AddTask(ctx context.Context, t workflow.Task) (bool, error) {
	if err := s.check(); err != nil {
		return false, err
	}
	ct, err := s.pool.Exec(ctx, `INSERT INTO workflow_tasks (key, rule, customer_id, title, note, assignee, due, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (key) DO NOTHING`,
		t.Key, t.Rule, optID(t.CustomerID), t.Title, t.Note, t.Assignee, t.Due, t.CreatedAt)
	if err != nil {
		return false, fail(err, "adding task "+t.Key)
	}
	return ct.RowsAffected() == 1, nil
}

// Tasks scans tasks by due time, then key.
func (s *State) Tasks(ctx context.Context, f workflow.TaskFilter) iter.Seq2[workflow.Task, error] {
	return page(s, "scanning tasks", func(after *workflow.Task) ([]workflow.Task, error) {
		w := where{sql: "TRUE"}
		if after != nil {
			w.args = append(w.args, after.Due, after.Key)
			w.sql += ` AND (due, key COLLATE "C") > ($1, $2)`
		}
		if f.Rule != "" {
			w.add("rule = ?", f.Rule)
		}
		if f.Assignee != "" {
			w.add("assignee = ?", f.Assignee)
		}
		if f.CustomerID != uuid.Nil {
			w.add("customer_id = ?", optID(f.CustomerID))
		}
		if f.Open {
			w.sql += " AND done_at IS NULL"
		}
		rows, err := s.pool.Query(ctx, `SELECT key, rule, customer_id, title, note, assignee, due, created_at, done_at
			FROM workflow_tasks WHERE `+w.sql+` ORDER BY due, key COLLATE "C" LIMIT `+strconv.Itoa(s.pageSize), w.args...)
		if err != nil {
			return nil, err
		}
		return pgx.CollectRows(rows, func(r pgx.CollectableRow) (workflow.Task, error) {
			var t workflow.Task
			var cust pgtype.UUID
			var done pgtype.Timestamptz
			err := r.Scan(&t.Key, &t.Rule, &cust, &t.Title, &t.Note, &t.Assignee, &t.Due, &t.CreatedAt, &done)
			t.CustomerID, t.Due, t.CreatedAt = fromID(cust), t.Due.UTC(), t.CreatedAt.UTC()
			if done.Valid {
				t.DoneAt = done.Time.UTC()
			}
			return t, err
		})
	})
}

// CompleteTask marks an open task done.
func (s *State) CompleteTask(ctx context.Context, key string, at time.Time) (bool, error) {
	if err := s.check(); err != nil {
		return false, err
	}
	ct, err := s.pool.Exec(ctx, `UPDATE workflow_tasks SET done_at = $1 WHERE key = $2 AND done_at IS NULL`, at, key)
	if err != nil {
		return false, fail(err, "completing task "+key)
	}
	return ct.RowsAffected() == 1, nil
}

// Close closes the connection pool; later calls return
// workflow.ErrStateClosed.
func (s *State) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	s.pool.Close()
	return nil
}
