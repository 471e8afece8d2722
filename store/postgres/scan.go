package postgres

import (
	"context"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
)

// Scans page through their table by keyset: each round trip asks for the
// next page strictly after the last key seen, in the scan's order, using the
// index that serves that order. A connection is held only while a page is
// fetched, so the caller may stop early at no cost, take its time between
// records, or call the store from inside the loop.

// scanner reads one row: pgx.Row, pgx.Rows and pgx.CollectableRow all are.
type scanner interface{ Scan(dest ...any) error }

// timeKey is the sort key of customers, orders, returns and events.
type timeKey struct {
	t  time.Time
	id uuid.UUID
}

// pageQuery builds the SQL of one page: conditions on the filter plus the
// keyset condition after the last key, then the order and the limit.
type pageQuery struct {
	conds []string
	args  []any
}

// arg adds an argument and returns its placeholder.
func (q *pageQuery) arg(v any) string {
	q.args = append(q.args, v)
	return fmt.Sprintf("$%d", len(q.args))
}

// where adds a condition; "?" marks are replaced by placeholders for args in turn.
func (q *pageQuery) where(cond string, args ...any) {
	for _, a := range args {
		cond = strings.Replace(cond, "?", q.arg(a), 1)
	}
	q.conds = append(q.conds, cond)
}

// sql returns the statement "SELECT cols FROM table WHERE ... ORDER BY ... LIMIT n".
func (q *pageQuery) sql(cols, table, order string, limit int) string {
	var b strings.Builder
	b.WriteString("SELECT ")
	b.WriteString(cols)
	b.WriteString(" FROM ")
	b.WriteString(table)
	if len(q.conds) > 0 {
		b.WriteString(" WHERE ")
		b.WriteString(strings.Join(q.conds, " AND "))
	}
	b.WriteString(" ORDER BY ")
	b.WriteString(order)
	fmt.Fprintf(&b, " LIMIT %d", limit)
	return b.String()
}

// timeRange adds the half-open range from <= col < to, for non-zero bounds.
func (q *pageQuery) timeRange(col string, from, to time.Time) {
	if !from.IsZero() {
		q.where(col+" >= ?", store.Timestamp(from))
	}
	if !to.IsZero() {
		q.where(col+" < ?", store.Timestamp(to))
	}
}

// timePage returns the page query builder for a (time, id) ordered scan of
// table: base adds the filter's conditions to a fresh query.
func timePage(cols, table, timeCol string, desc bool, base func(*pageQuery)) func(after *timeKey, n int) (string, []any) {
	cmp, dir := ">", "ASC"
	if desc {
		cmp, dir = "<", "DESC"
	}
	order := fmt.Sprintf("%s %s, id %s", timeCol, dir, dir)
	return func(after *timeKey, n int) (string, []any) {
		var q pageQuery
		base(&q)
		if after != nil {
			q.where(fmt.Sprintf("(%s, id) %s (?, ?)", timeCol, cmp), after.t, idArg(after.id))
		}
		return q.sql(cols, table, order, n), q.args
	}
}

// startKey decodes a filter's After cursor; nil when there is none.
func startKey(cursor string) (*timeKey, error) {
	if cursor == "" {
		return nil, nil
	}
	t, id, err := store.DecodeTimeCursor(cursor)
	if err != nil {
		return nil, err
	}
	return &timeKey{t, id}, nil
}

// paged runs a keyset scan: query builds a page after a key, scan reads a
// row, keyOf gives a record's key. limit > 0 stops after that many records.
func paged[T any, K any](ctx context.Context, s *Store, what string, limit int, start *K, startErr error,
	query func(after *K, n int) (string, []any), scan func(scanner) (T, error), keyOf func(*T) K) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		if err := s.check(); err != nil {
			yield(zero, err)
			return
		}
		if startErr != nil {
			yield(zero, startErr)
			return
		}
		after, left := start, limit
		for {
			n := s.pageSize
			if limit > 0 && left < n {
				n = left
			}
			sql, args := query(after, n)
			rows, err := s.pool.Query(ctx, sql, args...)
			if err != nil {
				yield(zero, s.fail(err, "scanning %s", what))
				return
			}
			page, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (T, error) { return scan(r) })
			if err != nil {
				yield(zero, s.fail(err, "scanning %s", what))
				return
			}
			for i := range page {
				if err := ctx.Err(); err != nil {
					yield(zero, fmt.Errorf("postgres: scanning %s: %w", what, err))
					return
				}
				if !yield(page[i], nil) {
					return
				}
			}
			left -= len(page)
			if len(page) < n || (limit > 0 && left <= 0) {
				return
			}
			k := keyOf(&page[len(page)-1])
			after = &k
		}
	}
}
