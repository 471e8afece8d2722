package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
)

// LoadBatch writes a whole batch in one transaction (store.BulkLoader):
// products by one upsert, customers, orders and events by COPY, returns by
// COPY after they are checked against their orders (in the batch or already
// stored) and the orders' earlier returns. Records keep their IDs, times and
// versions (a Version of 0 becomes 1).
//
// Under store.ConflictFail the rows are copied straight into their tables
// and the first taken ID or unique key fails the batch with
// store.ErrConflict. Under store.ConflictSkip they are copied into
// temporary staging tables and moved with INSERT ... ON CONFLICT DO NOTHING
// in batch order, so a record whose ID or key is already stored, or taken
// earlier in the batch, is skipped and counted; a return whose order was
// skipped is skipped with it.
//
// Everything is validated before the transaction starts, except the returns'
// checks against their orders, which run inside it; on any error nothing of
// the batch is stored.
func (s *Store) LoadBatch(ctx context.Context, b store.Batch, onConflict store.ConflictPolicy) (store.LoadResult, error) {
	if err := s.check(); err != nil {
		return store.LoadResult{}, err
	}
	if onConflict != store.ConflictFail && onConflict != store.ConflictSkip {
		return store.LoadResult{}, fmt.Errorf("postgres: unknown conflict policy %d", onConflict)
	}
	t := now()
	var res store.LoadResult

	products, err := prepareProducts(b.Products, t)
	if err != nil {
		return store.LoadResult{}, err
	}
	customerRows := make([][]any, len(b.Customers))
	for i, c := range b.Customers {
		p, err := store.PrepareNewCustomer(c, t)
		if err != nil {
			return store.LoadResult{}, fmt.Errorf("customer %d: %w", i, err)
		}
		p.Version = keepVersion(c.Version)
		if customerRows[i], err = customerRow(&p); err != nil {
			return store.LoadResult{}, fmt.Errorf("postgres: encoding customer %d: %w", i, err)
		}
	}
	orderRows := make([][]any, len(b.Orders))
	batchOrders := make(map[uuid.UUID]bool, len(b.Orders))
	for i, o := range b.Orders {
		p, err := store.PrepareNewOrder(o, t)
		if err != nil {
			return store.LoadResult{}, fmt.Errorf("order %d: %w", i, err)
		}
		p.Version = keepVersion(o.Version)
		batchOrders[p.ID] = true
		if orderRows[i], err = orderRow(&p); err != nil {
			return store.LoadResult{}, fmt.Errorf("postgres: encoding order %d: %w", i, err)
		}
	}
	for i := range b.Returns {
		if err := b.Returns[i].Validate(); err != nil {
			return store.LoadResult{}, fmt.Errorf("return %d: %w", i, err)
		}
	}
	events := b.Events
	if onConflict == store.ConflictSkip {
		var dropped int
		events, dropped = dedupeEvents(events)
		res.Skipped += dropped
	}
	_, eventRowsToCopy, err := eventRows(events)
	if err != nil {
		return store.LoadResult{}, err
	}

	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if len(products) > 0 {
			if _, err := tx.Exec(ctx, upsertProductsSQL, productArrays(products)...); err != nil {
				return s.fail(err, "loading %d products", len(products))
			}
		}
		res.Products = len(b.Products)
		n, err := s.copyRows(ctx, tx, "customers", customerColumns, customerRows, onConflict)
		if err != nil {
			return err
		}
		res.Customers, res.Skipped = n, res.Skipped+len(customerRows)-n
		if n, err = s.copyRows(ctx, tx, "orders", orderColumns, orderRows, onConflict); err != nil {
			return err
		}
		res.Orders, res.Skipped = n, res.Skipped+len(orderRows)-n
		returnRows, skipped, err := s.prepareBatchReturns(ctx, tx, b.Returns, batchOrders, onConflict, t)
		if err != nil {
			return err
		}
		if n, err = s.copyRows(ctx, tx, "returns", returnColumns, returnRows, store.ConflictFail); err != nil {
			return err
		}
		res.Returns, res.Skipped = n, res.Skipped+skipped
		if n, err = s.copyRows(ctx, tx, "events", eventColumns, eventRowsToCopy, onConflict); err != nil {
			return err
		}
		res.Events, res.Skipped = n, res.Skipped+len(eventRowsToCopy)-n
		// One change per kind of record, not per row: a bulk load stays a
		// bulk load.
		return s.appendChanges(ctx, tx, store.LoadChanges(res)...)
	})
	if err != nil {
		return store.LoadResult{}, err
	}
	return res, nil
}

// keepVersion is the version a loaded record keeps: its own, or 1.
func keepVersion(v int64) int64 {
	if v > 0 {
		return v
	}
	return 1
}

// dedupeEvents drops events repeating an earlier event's ID in the batch.
func dedupeEvents(es []behavior.Event) ([]behavior.Event, int) {
	seen := make(map[uuid.UUID]bool, len(es))
	out := es[:0:0]
	for _, e := range es {
		if e.ID != uuid.Nil {
			if seen[e.ID] {
				continue
			}
			seen[e.ID] = true
		}
		out = append(out, e)
	}
	return out, len(es) - len(out)
}

// copyRows writes rows into table and returns how many were stored. Under
// ConflictFail it copies straight into the table; under ConflictSkip into a
// staging table dropped at commit, then moves the rows over in their order,
// skipping those whose ID or unique key is taken.
func (s *Store) copyRows(ctx context.Context, tx pgx.Tx, table string, cols []string, rows [][]any, onConflict store.ConflictPolicy) (int, error) {
	if len(rows) == 0 {
		return 0, nil
	}
	if onConflict == store.ConflictFail {
		n, err := tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
		if err != nil {
			return 0, s.fail(err, "loading %d %s", len(rows), table)
		}
		return int(n), nil
	}
	stage := "stage_" + table
	if _, err := tx.Exec(ctx, "CREATE TEMP TABLE "+stage+" (LIKE "+table+" INCLUDING DEFAULTS, ord integer NOT NULL) ON COMMIT DROP"); err != nil {
		return 0, s.fail(err, "staging %s", table)
	}
	stageCols := append(cols[:len(cols):len(cols)], "ord")
	src := pgx.CopyFromSlice(len(rows), func(i int) ([]any, error) {
		return append(rows[i][:len(rows[i]):len(rows[i])], int32(i)), nil
	})
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{stage}, stageCols, src); err != nil {
		return 0, s.fail(err, "staging %d %s", len(rows), table)
	}
	list := ""
	for i, c := range cols {
		if i > 0 {
			list += ", "
		}
		list += c
	}
	tag, err := tx.Exec(ctx, "INSERT INTO "+table+" ("+list+") SELECT "+list+" FROM "+stage+" ORDER BY ord ON CONFLICT DO NOTHING")
	if err != nil {
		return 0, s.fail(err, "loading %d %s", len(rows), table)
	}
	return int(tag.RowsAffected()), nil
}

// prepareBatchReturns checks a batch's returns inside the load's
// transaction, where the batch's orders are already visible, against their
// orders and the orders' earlier returns (stored, then earlier in the
// batch), and returns the rows to copy and how many were skipped. The
// orders are locked, as CreateReturn locks them.
func (s *Store) prepareBatchReturns(ctx context.Context, tx pgx.Tx, rs []order.Return, batchOrders map[uuid.UUID]bool,
	onConflict store.ConflictPolicy, t time.Time) ([][]any, int, error) {
	if len(rs) == 0 {
		return nil, 0, nil
	}
	ids := make([]uuid.UUID, 0, len(rs))
	orderIDs := make([]uuid.UUID, 0, len(rs))
	for _, r := range rs {
		if r.ID != uuid.Nil {
			ids = append(ids, r.ID)
		}
		orderIDs = append(orderIDs, r.OrderID)
	}
	taken := map[uuid.UUID]bool{}
	rows, err := tx.Query(ctx, `SELECT id FROM returns WHERE id = ANY($1)`, ids)
	if err != nil {
		return nil, 0, s.fail(err, "loading returns")
	}
	var id uuid.UUID
	if _, err := pgx.ForEachRow(rows, []any{&id}, func() error { taken[id] = true; return nil }); err != nil {
		return nil, 0, s.fail(err, "loading returns")
	}
	rows, err = tx.Query(ctx, "SELECT "+orderSelect+" FROM orders WHERE id = ANY($1) FOR UPDATE", orderIDs)
	if err != nil {
		return nil, 0, s.fail(err, "loading returns: reading their orders")
	}
	orders := map[uuid.UUID]order.Order{}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (order.Order, error) { return scanOrder(r) })
	if err != nil {
		return nil, 0, s.fail(err, "loading returns: reading their orders")
	}
	for _, o := range list {
		orders[o.ID] = o
	}
	stored, err := s.returnsOf(ctx, tx, orderIDs)
	if err != nil {
		return nil, 0, s.fail(err, "loading returns: reading earlier returns")
	}
	previous := map[uuid.UUID][]order.Return{}
	for _, r := range stored {
		previous[r.OrderID] = append(previous[r.OrderID], r)
	}

	out := make([][]any, 0, len(rs))
	skipped := 0
	for i, r := range rs {
		if r.ID != uuid.Nil && taken[r.ID] {
			if onConflict == store.ConflictFail {
				return nil, 0, fmt.Errorf("postgres: loading return %d: %w: return %s is already stored or repeats in the batch", i, store.ErrConflict, r.ID)
			}
			skipped++
			continue
		}
		o, ok := orders[r.OrderID]
		if !ok {
			if onConflict == store.ConflictSkip && batchOrders[r.OrderID] {
				skipped++ // its order was skipped
				continue
			}
			return nil, 0, notFound("loading return %d: order %s", i, r.OrderID)
		}
		p, err := store.PrepareNewReturn(r, o, previous[o.ID], t)
		if err != nil {
			return nil, 0, fmt.Errorf("return %d: %w", i, err)
		}
		p.Version = keepVersion(r.Version)
		row, err := returnRow(&p)
		if err != nil {
			return nil, 0, fmt.Errorf("postgres: encoding return %d: %w", i, err)
		}
		taken[p.ID] = true
		previous[o.ID] = append(previous[o.ID], p)
		out = append(out, row)
	}
	return out, skipped, nil
}
