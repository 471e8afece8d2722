package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"iter"

	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

const orderCols = `id, number, customer_id, status, currency, lines, shipping, tax, total,
	payment_method, refunded, placed_at, paid_at, shipped_at, delivered_at, cancelled_at, updated_at, version`

// lineRow is an order line as stored in the lines JSON, money as exact text.
type lineRow struct {
	ProductID string `json:"product_id"`
	SKU       string `json:"sku,omitempty"`
	Name      string `json:"name,omitempty"`
	Category  string `json:"category,omitempty"`
	Quantity  int    `json:"quantity"`
	UnitPrice string `json:"unit_price"`
	Discount  string `json:"discount"`
}

func linesText(ls []order.Line) (string, error) {
	rows := make([]lineRow, len(ls))
	for i, l := range ls {
		rows[i] = lineRow{l.ProductID, l.SKU, l.Name, l.Category, l.Quantity, moneyText(l.UnitPrice), moneyText(l.Discount)}
	}
	return jsonText(rows)
}

func parseLines(s string) ([]order.Line, error) {
	var rows []lineRow
	if err := fromJSON(s, &rows); err != nil {
		return nil, err
	}
	ls := make([]order.Line, len(rows))
	for i, r := range rows {
		up, err := parseMoney(r.UnitPrice)
		if err != nil {
			return nil, err
		}
		disc, err := parseMoney(r.Discount)
		if err != nil {
			return nil, err
		}
		ls[i] = order.Line{ProductID: r.ProductID, SKU: r.SKU, Name: r.Name, Category: r.Category,
			Quantity: r.Quantity, UnitPrice: up, Discount: disc}
	}
	return ls, nil
}

// orderArgs returns o's values for the insert column list of orderWriter.
func orderArgs(o *order.Order) ([]any, error) {
	lines, err := linesText(o.Lines)
	if err != nil {
		return nil, err
	}
	return []any{
		idArg(o.ID), o.Number, idArg(o.CustomerID), string(o.Status), o.Currency, lines, o.Units(),
		moneyText(o.Shipping), moneyText(o.Tax), moneyText(o.Total), o.PaymentMethod, moneyText(o.RefundedAmount),
		micros(o.PlacedAt), micros(o.PaidAt), micros(o.ShippedAt), micros(o.DeliveredAt), micros(o.CancelledAt),
		micros(o.UpdatedAt), o.Version,
	}, nil
}

func scanOrder(r rowScanner) (order.Order, error) {
	var (
		o                                order.Order
		id, customerID                   []byte
		status, lines                    string
		shipping, tax, total, refunded   string
		placed, paid, shipped, delivered sql.NullInt64
		cancelled, updated               sql.NullInt64
	)
	if err := r.Scan(&id, &o.Number, &customerID, &status, &o.Currency, &lines, &shipping, &tax, &total,
		&o.PaymentMethod, &refunded, &placed, &paid, &shipped, &delivered, &cancelled, &updated, &o.Version); err != nil {
		return order.Order{}, err
	}
	var err error
	if o.ID, err = parseID(id); err != nil {
		return order.Order{}, err
	}
	if o.CustomerID, err = parseID(customerID); err != nil {
		return order.Order{}, err
	}
	o.Status = order.Status(status)
	if o.Lines, err = parseLines(lines); err != nil {
		return order.Order{}, err
	}
	if o.Shipping, err = parseMoney(shipping); err != nil {
		return order.Order{}, err
	}
	if o.Tax, err = parseMoney(tax); err != nil {
		return order.Order{}, err
	}
	if o.Total, err = parseMoney(total); err != nil {
		return order.Order{}, err
	}
	if o.RefundedAmount, err = parseMoney(refunded); err != nil {
		return order.Order{}, err
	}
	o.PlacedAt, o.PaidAt, o.ShippedAt = fromMicros(placed), fromMicros(paid), fromMicros(shipped)
	o.DeliveredAt, o.CancelledAt, o.UpdatedAt = fromMicros(delivered), fromMicros(cancelled), fromMicros(updated)
	return o, nil
}

// orderWriter inserts orders through a prepared statement of one transaction.
type orderWriter struct{ insert *sql.Stmt }

func prepareOrderWriter(ctx context.Context, tx *sql.Tx, onConflict store.ConflictPolicy) (*orderWriter, error) {
	ignore := ""
	if onConflict == store.ConflictSkip {
		ignore = " ON CONFLICT DO NOTHING"
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO orders (id, number, customer_id, status, currency, lines, units,
		shipping, tax, total, payment_method, refunded, placed_at, paid_at, shipped_at, delivered_at, cancelled_at,
		updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`+ignore)
	if err != nil {
		return nil, err
	}
	return &orderWriter{insert: ins}, nil
}

func (w *orderWriter) close() { w.insert.Close() }

// add inserts o; it reports false when ConflictSkip skipped it.
func (w *orderWriter) add(ctx context.Context, o *order.Order) (bool, error) {
	args, err := orderArgs(o)
	if err != nil {
		return false, err
	}
	res, err := w.insert.ExecContext(ctx, args...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// CreateOrder validates and stores o (see store.OrderStore). Errors:
// *order.ValidationError; store.ErrConflict when the ID or number is taken.
func (s *Store) CreateOrder(ctx context.Context, o *order.Order) error {
	return s.CreateOrders(ctx, []*order.Order{o})
}

// CreateOrders creates a batch in one transaction, all or nothing. Errors
// as CreateOrder.
func (s *Store) CreateOrders(ctx context.Context, os []*order.Order) error {
	const op = "create orders"
	now := s.now()
	prepared := make([]order.Order, len(os))
	for i, o := range os {
		p, err := store.PrepareNewOrder(*o, now)
		if err != nil {
			if len(os) > 1 {
				return fmt.Errorf("order %d: %w", i, err)
			}
			return err
		}
		prepared[i] = p
	}
	err := s.write(ctx, op, func(tx *sql.Tx) error {
		w, err := prepareOrderWriter(ctx, tx, store.ConflictFail)
		if err != nil {
			return s.wrap(op, err)
		}
		defer w.close()
		changes := make([]store.Change, len(prepared))
		for i := range prepared {
			if _, err := w.add(ctx, &prepared[i]); err != nil {
				return s.conflict("create order", fmt.Sprintf("order %s number %q", prepared[i].ID, prepared[i].Number), err)
			}
			if changes[i], err = store.OrderChange(store.OpCreate, nil, &prepared[i]); err != nil {
				return s.wrap(op, err)
			}
		}
		return s.appendChanges(ctx, tx, changes...)
	})
	if err != nil {
		return err
	}
	for i, o := range os {
		*o = prepared[i]
	}
	return nil
}

// GetOrder returns the order with the ID. Errors: store.ErrNotFound.
func (s *Store) GetOrder(ctx context.Context, id uuid.UUID) (order.Order, error) {
	return getOne(ctx, s, s.reader, "get order", "order "+id.String(),
		`SELECT `+orderCols+` FROM orders WHERE id = ?`, []any{idArg(id)}, scanOrder)
}

// GetOrderByNumber returns the order with the shop's number. Errors: store.ErrNotFound.
func (s *Store) GetOrderByNumber(ctx context.Context, number string) (order.Order, error) {
	return getOne(ctx, s, s.reader, "get order by number", "order number "+number,
		`SELECT `+orderCols+` FROM orders WHERE number = ?`, []any{number}, scanOrder)
}

func (s *Store) getOrderTx(ctx context.Context, tx *sql.Tx, op string, id uuid.UUID) (order.Order, error) {
	return getOne(ctx, s, tx, op, "order "+id.String(),
		`SELECT `+orderCols+` FROM orders WHERE id = ?`, []any{idArg(id)}, scanOrder)
}

// UpdateOrder replaces the stored order when o.Version matches and the
// status change is allowed (see store.OrderStore). Errors:
// store.ErrNotFound; store.ErrConflict; *order.TransitionError;
// *order.ValidationError.
func (s *Store) UpdateOrder(ctx context.Context, o *order.Order) error {
	const op = "update order"
	var updated order.Order
	err := s.write(ctx, op, func(tx *sql.Tx) error {
		stored, err := s.getOrderTx(ctx, tx, op, o.ID)
		if err != nil {
			return err
		}
		if updated, err = store.PrepareOrderUpdate(*o, stored, s.now()); err != nil {
			return err
		}
		args, err := orderArgs(&updated)
		if err != nil {
			return s.wrap(op, err)
		}
		// Number and customer are unchanged (PrepareOrderUpdate saw to it).
		_, err = tx.ExecContext(ctx, `UPDATE orders SET status = ?4, currency = ?5, lines = ?6, units = ?7,
			shipping = ?8, tax = ?9, total = ?10, payment_method = ?11, refunded = ?12, placed_at = ?13,
			paid_at = ?14, shipped_at = ?15, delivered_at = ?16, cancelled_at = ?17, updated_at = ?18,
			version = ?19 WHERE id = ?1 AND number = ?2 AND customer_id = ?3`, args...)
		if err != nil {
			return s.wrap(op, err)
		}
		change, err := store.OrderChange(store.OpUpdate, &stored, &updated)
		if err != nil {
			return s.wrap(op, err)
		}
		return s.appendChanges(ctx, tx, change)
	})
	if err != nil {
		return err
	}
	*o = updated
	return nil
}

// DeleteOrder removes the order and its returns. Errors: store.ErrNotFound.
func (s *Store) DeleteOrder(ctx context.Context, id uuid.UUID) error {
	const op = "delete order"
	return s.write(ctx, op, func(tx *sql.Tx) error {
		// The order is read for its delete change's digest and payload.
		stored, err := s.getOrderTx(ctx, tx, op, id)
		if err != nil {
			return err
		}
		// Returns go with the order through ON DELETE CASCADE.
		if _, err := tx.ExecContext(ctx, `DELETE FROM orders WHERE id = ?`, idArg(id)); err != nil {
			return s.wrap(op, err)
		}
		change, err := store.OrderChange(store.OpDelete, &stored, nil)
		if err != nil {
			return s.wrap(op, err)
		}
		return s.appendChanges(ctx, tx, change)
	})
}

// Orders scans orders matching f in (PlacedAt, ID) order, ascending or,
// with f.Desc, descending. Each filter has an index whose trailing
// (placed_at, id) columns also give the order and the cursor seek.
func (s *Store) Orders(ctx context.Context, f store.OrderFilter) iter.Seq2[order.Order, error] {
	text, args, err := ordersQuery(f)
	if err != nil {
		return fail[order.Order](err)
	}
	return scan(ctx, s, "scan orders", text, args, scanOrder)
}

func ordersQuery(f store.OrderFilter) (string, []any, error) {
	var q query
	if f.CustomerID != uuid.Nil {
		q.where(`customer_id = ?`, idArg(f.CustomerID))
	}
	in(&q, "status", f.Statuses)
	q.timeRange("placed_at", f.Since, f.Until)
	if err := q.afterTime("placed_at", f.After, f.Desc); err != nil {
		return "", nil, err
	}
	text := `SELECT ` + orderCols + ` FROM orders` + q.sql() + q.orderLimit("placed_at", f.Desc, f.Limit)
	return text, q.args, nil
}
