package postgres

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// summarySQL computes store.CustomerSummary in the database: the order side
// aggregates every order (any order makes a customer appear) but counts
// only the sales (order.Order.Counts: not pending, not cancelled); the
// return side counts every return request; the two meet by customer.
// %[1]s and %[2]s are extra conditions on orders and returns.
const summarySQL = `
WITH o AS (
	SELECT customer_id,
		count(*) FILTER (WHERE sale)                   AS orders,
		coalesce(sum(units) FILTER (WHERE sale), 0)    AS units,
		min(placed_at) FILTER (WHERE sale)             AS first_at,
		max(placed_at) FILTER (WHERE sale)             AS last_at,
		sum(total) FILTER (WHERE sale)                 AS spent,
		sum(refunded_amount) FILTER (WHERE sale)       AS refunded
	FROM (SELECT *, status NOT IN ('%[3]s', '%[4]s') AS sale FROM orders WHERE true %[1]s) x
	GROUP BY customer_id
), r AS (
	SELECT customer_id, count(*) AS returns FROM returns WHERE true %[2]s GROUP BY customer_id
)
SELECT customer_id, coalesce(o.orders, 0), coalesce(o.units, 0), o.first_at, o.last_at,
	o.spent::text, o.refunded::text, coalesce(r.returns, 0)
FROM o FULL JOIN r USING (customer_id)
ORDER BY customer_id`

// summaryQuery returns the summary statement and its arguments, for one
// customer when id is not nil.
func summaryQuery(id uuid.UUID, f store.SummaryFilter) (string, []any) {
	var args []any
	var oCond, rCond string
	if id != uuid.Nil {
		args = append(args, idArg(id))
		oCond += fmt.Sprintf(" AND customer_id = $%d", len(args))
		rCond += fmt.Sprintf(" AND customer_id = $%d", len(args))
	}
	if !f.Until.IsZero() {
		args = append(args, store.Timestamp(f.Until))
		oCond += fmt.Sprintf(" AND placed_at < $%d", len(args))
		rCond += fmt.Sprintf(" AND requested_at < $%d", len(args))
	}
	return fmt.Sprintf(summarySQL, oCond, rCond, order.StatusPending, order.StatusCancelled), args
}

// scanSummary reads a row of summarySQL.
func scanSummary(r scanner) (store.CustomerSummary, error) {
	var s store.CustomerSummary
	var orders, units, returns int64
	var first, last pgtype.Timestamptz
	var spent, refunded pgtype.Text
	if err := r.Scan(idDest{&s.CustomerID}, &orders, &units, &first, &last, &spent, &refunded, &returns); err != nil {
		return store.CustomerSummary{}, err
	}
	s.Orders, s.Units, s.Returns = int(orders), int(units), int(returns)
	s.FirstOrderAt, s.LastOrderAt = utc(first), utc(last)
	// Without sales the sums are NULL and stay zero decimals, as
	// store.ScanSummaries leaves them.
	var err error
	if s.TotalSpent, err = optMoney(spent); err != nil {
		return store.CustomerSummary{}, err
	}
	if s.Refunded, err = optMoney(refunded); err != nil {
		return store.CustomerSummary{}, err
	}
	return s, nil
}

// CustomerSummary summarises one customer in SQL; a customer without orders
// or returns gets a zero summary carrying its ID.
func (s *Store) CustomerSummary(ctx context.Context, id uuid.UUID, f store.SummaryFilter) (store.CustomerSummary, error) {
	if err := s.check(); err != nil {
		return store.CustomerSummary{}, err
	}
	sql, args := summaryQuery(id, f)
	sum, err := scanSummary(s.pool.QueryRow(ctx, sql, args...))
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return store.CustomerSummary{CustomerID: id}, nil
	case err != nil:
		return store.CustomerSummary{}, s.fail(err, "summarising customer %s", id)
	}
	return sum, nil
}

// CustomerSummaries yields, in customer ID (byte) order, the summary of
// every customer with at least one order or return, computed by one
// aggregate query whose rows are streamed. Unlike the record scans it holds
// a pool connection until the loop ends, so a loop that also calls the
// store needs a pool of at least two connections (the default has four or
// more).
func (s *Store) CustomerSummaries(ctx context.Context, f store.SummaryFilter) iter.Seq2[store.CustomerSummary, error] {
	return func(yield func(store.CustomerSummary, error) bool) {
		if err := s.check(); err != nil {
			yield(store.CustomerSummary{}, err)
			return
		}
		sql, args := summaryQuery(uuid.Nil, f)
		rows, err := s.pool.Query(ctx, sql, args...)
		if err != nil {
			yield(store.CustomerSummary{}, s.fail(err, "summarising customers"))
			return
		}
		defer rows.Close()
		for rows.Next() {
			sum, err := scanSummary(rows)
			if err != nil {
				yield(store.CustomerSummary{}, s.fail(err, "summarising customers"))
				return
			}
			if !yield(sum, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(store.CustomerSummary{}, s.fail(err, "summarising customers"))
		}
	}
}
