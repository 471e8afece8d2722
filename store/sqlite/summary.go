package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"iter"
	"math"
	"time"

	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"modernc.org/sqlite"
)

// decimalSum is the SQL aggregate crmkit_decimal_sum(text): the exact sum
// of money stored as decimal text. SQLite's own sum() would go through
// floating point and lose cents, so the summaries add with this instead.
const decimalSum = "crmkit_decimal_sum"

func init() {
	sqlite.MustRegisterFunction(decimalSum, &sqlite.FunctionImpl{
		NArgs:         1,
		Deterministic: true,
		MakeAggregate: func(sqlite.FunctionContext) (sqlite.AggregateFunction, error) {
			return &decimalAgg{}, nil
		},
	})
}

// decimalAgg accumulates one crmkit_decimal_sum. It starts from the zero
// Decimal and adds in turn, as store.CustomerSummary.AddOrder does, so the
// SQL and the scanning summaries agree to the exponent.
type decimalAgg struct{ sum decimal.Decimal }

func (a *decimalAgg) value(v driver.Value) (decimal.Decimal, error) {
	switch t := v.(type) {
	case string:
		return parseMoney(t)
	case []byte:
		return parseMoney(string(t))
	case int64:
		return decimal.NewFromInt(t), nil
	}
	return decimal.Decimal{}, fmt.Errorf("%s: unexpected argument %T", decimalSum, v)
}

func (a *decimalAgg) Step(_ *sqlite.FunctionContext, args []driver.Value) error {
	if args[0] == nil {
		return nil
	}
	d, err := a.value(args[0])
	if err != nil {
		return err
	}
	a.sum = a.sum.Add(d)
	return nil
}

func (a *decimalAgg) WindowInverse(_ *sqlite.FunctionContext, args []driver.Value) error {
	if args[0] == nil {
		return nil
	}
	d, err := a.value(args[0])
	if err != nil {
		return err
	}
	a.sum = a.sum.Sub(d)
	return nil
}

func (a *decimalAgg) WindowValue(*sqlite.FunctionContext) (driver.Value, error) {
	return moneyText(a.sum), nil
}

func (a *decimalAgg) Final(*sqlite.FunctionContext) {}

// untilMicros turns a summary's Until into an exclusive bound; zero means no bound.
func untilMicros(until time.Time) int64 {
	if until.IsZero() {
		return math.MaxInt64
	}
	return until.UnixMicro()
}

// The order statuses that do not count as sales (order.Order.Counts).
var notSales = []any{string(order.StatusPending), string(order.StatusCancelled)}

// scanSummary decodes a summary row: customer_id, orders, units, first,
// last, spent, refunded, returns.
func scanSummary(r rowScanner) (store.CustomerSummary, error) {
	var (
		sum             store.CustomerSummary
		id              []byte
		first, last     sql.NullInt64
		spent, refunded string
	)
	if err := r.Scan(&id, &sum.Orders, &sum.Units, &first, &last, &spent, &refunded, &sum.Returns); err != nil {
		return store.CustomerSummary{}, err
	}
	var err error
	if sum.CustomerID, err = parseID(id); err != nil {
		return store.CustomerSummary{}, err
	}
	sum.FirstOrderAt, sum.LastOrderAt = fromMicros(first), fromMicros(last)
	if sum.TotalSpent, err = parseMoney(spent); err != nil {
		return store.CustomerSummary{}, err
	}
	if sum.Refunded, err = parseMoney(refunded); err != nil {
		return store.CustomerSummary{}, err
	}
	return sum, nil
}

// CustomerSummary summarises one customer's orders and returns in one SQL
// query over the customer's indexes. A customer with no orders gets a zero
// summary carrying its ID.
func (s *Store) CustomerSummary(ctx context.Context, id uuid.UUID, f store.SummaryFilter) (store.CustomerSummary, error) {
	const op = "customer summary"
	until := untilMicros(f.Until)
	return getOne(ctx, s, s.reader, op, "customer "+id.String(), `
		SELECT ?1, count(*), coalesce(sum(units), 0), min(placed_at), max(placed_at),
			`+decimalSum+`(total), `+decimalSum+`(refunded),
			(SELECT count(*) FROM returns WHERE customer_id = ?1 AND requested_at < ?2)
		FROM orders
		WHERE customer_id = ?1 AND placed_at < ?2 AND status NOT IN (?3, ?4)`,
		[]any{idArg(id), until, notSales[0], notSales[1]}, scanSummary)
}

// CustomerSummaries yields one summary per customer ID with at least one
// order or return, in customer ID order, computed by one grouped SQL query
// and streamed row by row.
func (s *Store) CustomerSummaries(ctx context.Context, f store.SummaryFilter) iter.Seq2[store.CustomerSummary, error] {
	until := untilMicros(f.Until)
	return scan(ctx, s, "customer summaries", `
		WITH sales AS (
			SELECT customer_id, count(*) AS n, sum(units) AS units, min(placed_at) AS first,
				max(placed_at) AS last, `+decimalSum+`(total) AS spent, `+decimalSum+`(refunded) AS refunded
			FROM orders WHERE placed_at < ?1 AND status NOT IN (?2, ?3)
			GROUP BY customer_id
		), rets AS (
			SELECT customer_id, count(*) AS n FROM returns WHERE requested_at < ?1 GROUP BY customer_id
		), ids AS (
			SELECT customer_id FROM orders WHERE placed_at < ?1
			UNION
			SELECT customer_id FROM returns WHERE requested_at < ?1
		)
		SELECT ids.customer_id, coalesce(sales.n, 0), coalesce(sales.units, 0), sales.first, sales.last,
			coalesce(sales.spent, '0'), coalesce(sales.refunded, '0'), coalesce(rets.n, 0)
		FROM ids
		LEFT JOIN sales ON sales.customer_id = ids.customer_id
		LEFT JOIN rets ON rets.customer_id = ids.customer_id
		ORDER BY ids.customer_id`,
		[]any{until, notSales[0], notSales[1]}, scanSummary)
}
