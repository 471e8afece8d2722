package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/crmkit/crmkit/store"
)

// rowScanner is what *sql.Row and *sql.Rows have in common.
type rowScanner interface {
	Scan(dest ...any) error
}

// query collects the WHERE conditions of a scan and their arguments.
type query struct {
	conds []string
	args  []any
}

// where adds a condition with its arguments.
func (q *query) where(cond string, args ...any) {
	q.conds = append(q.conds, cond)
	q.args = append(q.args, args...)
}

// in adds "col IN (?, ...)" for a non-empty set of values.
func in[T ~string](q *query, col string, values []T) {
	if len(values) == 0 {
		return
	}
	marks := strings.Repeat("?, ", len(values))
	args := make([]any, len(values))
	for i, v := range values {
		args[i] = string(v)
	}
	q.where(col+" IN ("+marks[:len(marks)-2]+")", args...)
}

// timeRange adds the half-open range from <= col < to; zero bounds are open.
func (q *query) timeRange(col string, from, to time.Time) {
	if !from.IsZero() {
		q.where(col+" >= ?", from.UnixMicro())
	}
	if !to.IsZero() {
		q.where(col+" < ?", to.UnixMicro())
	}
}

// afterTime adds the cursor condition of a (time, id) ordered scan: strictly
// after the cursor's key in the scan's direction. The row-value comparison
// lets SQLite seek in the (…, time, id) index.
func (q *query) afterTime(col, cursor string, desc bool) error {
	return q.afterKey(col, "id", cursor, desc)
}

// afterKey is afterTime with the columns of the key named.
func (q *query) afterKey(timeCol, idCol, cursor string, desc bool) error {
	if cursor == "" {
		return nil
	}
	t, id, err := store.DecodeTimeCursor(cursor)
	if err != nil {
		return err
	}
	op := ">"
	if desc {
		op = "<"
	}
	q.where("("+timeCol+", "+idCol+") "+op+" (?, ?)", t.UnixMicro(), idArg(id))
	return nil
}

// sql returns the WHERE clause, or "" without conditions.
func (q *query) sql() string {
	if len(q.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(q.conds, " AND ")
}

// orderLimit returns the ORDER BY (col, id) and LIMIT clauses of a scan.
func (q *query) orderLimit(col string, desc bool, limit int) string {
	return q.orderKeyLimit(col, "id", desc, limit)
}

// orderKeyLimit is orderLimit with the columns of the key named.
func (q *query) orderKeyLimit(timeCol, idCol string, desc bool, limit int) string {
	dir := ""
	if desc {
		dir = " DESC"
	}
	s := " ORDER BY " + timeCol + dir + ", " + idCol + dir
	if limit > 0 {
		s += " LIMIT ?"
		q.args = append(q.args, limit)
	}
	return s
}

// scan runs a query on a read connection and yields its rows decoded one at
// a time, so a scan over millions of rows holds one row in memory. It stops
// when the consumer stops, when ctx is done, or at the first error, which
// it yields.
func scan[T any](ctx context.Context, s *Store, op, sqlText string, args []any, decode func(rowScanner) (T, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		if err := s.check(ctx); err != nil {
			yield(zero, err)
			return
		}
		rows, err := s.reader.QueryContext(ctx, sqlText, args...)
		if err != nil {
			yield(zero, s.scanErr(ctx, op, err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			v, err := decode(rows)
			if err != nil {
				yield(zero, s.wrap(op, err))
				return
			}
			if !yield(v, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(zero, s.scanErr(ctx, op, err))
		}
	}
}

// scanErr prefers the context's error: SQLite reports an interrupted query
// as its own error when ctx was cancelled mid-scan.
func (s *Store) scanErr(ctx context.Context, op string, err error) error {
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		return s.wrap(op, errors.Join(cerr, err))
	}
	return s.wrap(op, err)
}

// fail returns a scan that yields only err.
func fail[T any](err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}

// getOne runs a single-row query on a read connection; no row is store.ErrNotFound.
func getOne[T any](ctx context.Context, s *Store, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, op, what, sqlText string, args []any, decode func(rowScanner) (T, error)) (T, error) {
	var zero T
	if err := s.check(ctx); err != nil {
		return zero, err
	}
	v, err := decode(q.QueryRowContext(ctx, sqlText, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return zero, fmt.Errorf("sqlite: %s: %w: %s", op, store.ErrNotFound, what)
	}
	if err != nil {
		return zero, s.wrap(op, err)
	}
	return v, nil
}

// write runs fn in one IMMEDIATE transaction on the writer connection and
// commits it; any error rolls everything back. fn returns errors already
// in the contract's terms.
func (s *Store) write(ctx context.Context, op string, fn func(tx *sql.Tx) error) error {
	if err := s.check(ctx); err != nil {
		return err
	}
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return s.wrap(op, err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return s.wrap(op, err)
	}
	return nil
}
