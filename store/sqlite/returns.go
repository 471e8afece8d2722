package sqlite

import (
	"context"
	"database/sql"
	"iter"

	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

const returnCols = `id, order_id, customer_id, items, reason, refund_only, amount, status,
	requested_at, resolved_at, updated_at, version`

// itemRow is a return item as stored in the items JSON.
type itemRow struct {
	ProductID string `json:"product_id"`
	Quantity  int    `json:"quantity"`
	Amount    string `json:"amount"`
}

// returnArgs returns r's values in the order of returnCols.
func returnArgs(r *order.Return) ([]any, error) {
	rows := make([]itemRow, len(r.Items))
	for i, it := range r.Items {
		rows[i] = itemRow{it.ProductID, it.Quantity, moneyText(it.Amount)}
	}
	items, err := jsonText(rows)
	if err != nil {
		return nil, err
	}
	return []any{
		idArg(r.ID), idArg(r.OrderID), idArg(r.CustomerID), items, r.Reason, r.RefundOnly,
		moneyText(r.Amount), string(r.Status), micros(r.RequestedAt), micros(r.ResolvedAt), micros(r.UpdatedAt), r.Version,
	}, nil
}

func scanReturn(rs rowScanner) (order.Return, error) {
	var (
		r                        order.Return
		id, orderID, customerID  []byte
		items, amount, status    string
		requested, resolved, upd sql.NullInt64
	)
	if err := rs.Scan(&id, &orderID, &customerID, &items, &r.Reason, &r.RefundOnly, &amount, &status,
		&requested, &resolved, &upd, &r.Version); err != nil {
		return order.Return{}, err
	}
	var err error
	if r.ID, err = parseID(id); err != nil {
		return order.Return{}, err
	}
	if r.OrderID, err = parseID(orderID); err != nil {
		return order.Return{}, err
	}
	if r.CustomerID, err = parseID(customerID); err != nil {
		return order.Return{}, err
	}
	var rows []itemRow
	if err := fromJSON(items, &rows); err != nil {
		return order.Return{}, err
	}
	r.Items = make([]order.ReturnItem, len(rows))
	for i, it := range rows {
		amt, err := parseMoney(it.Amount)
		if err != nil {
			return order.Return{}, err
		}
		r.Items[i] = order.ReturnItem{ProductID: it.ProductID, Quantity: it.Quantity, Amount: amt}
	}
	if r.Amount, err = parseMoney(amount); err != nil {
		return order.Return{}, err
	}
	r.Status = order.ReturnStatus(status)
	r.RequestedAt, r.ResolvedAt, r.UpdatedAt = fromMicros(requested), fromMicros(resolved), fromMicros(upd)
	return r, nil
}

// returnsOfOrderTx reads an order's stored returns inside a write transaction.
func (s *Store) returnsOfOrderTx(ctx context.Context, tx *sql.Tx, orderID uuid.UUID) ([]order.Return, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+returnCols+` FROM returns WHERE order_id = ? ORDER BY requested_at, id`, idArg(orderID))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var rs []order.Return
	for rows.Next() {
		r, err := scanReturn(rows)
		if err != nil {
			return nil, err
		}
		rs = append(rs, r)
	}
	return rs, rows.Err()
}

const insertReturn = `INSERT INTO returns (` + returnCols + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// CreateReturn validates r against its order and the order's earlier
// returns and stores it (see store.OrderStore). Errors: store.ErrNotFound
// when the order does not exist; *order.ValidationError; store.ErrConflict.
func (s *Store) CreateReturn(ctx context.Context, r *order.Return) error {
	const op = "create return"
	var prepared order.Return
	err := s.write(ctx, op, func(tx *sql.Tx) error {
		o, err := s.getOrderTx(ctx, tx, op, r.OrderID)
		if err != nil {
			return err
		}
		previous, err := s.returnsOfOrderTx(ctx, tx, o.ID)
		if err != nil {
			return s.wrap(op, err)
		}
		if prepared, err = store.PrepareNewReturn(*r, o, previous, s.now()); err != nil {
			return err
		}
		args, err := returnArgs(&prepared)
		if err != nil {
			return s.wrap(op, err)
		}
		if _, err := tx.ExecContext(ctx, insertReturn, args...); err != nil {
			return s.conflict(op, "return "+prepared.ID.String(), err)
		}
		change, err := store.ReturnChange(store.OpCreate, nil, &prepared)
		if err != nil {
			return s.wrap(op, err)
		}
		return s.appendChanges(ctx, tx, change)
	})
	if err != nil {
		return err
	}
	*r = prepared
	return nil
}

// GetReturn returns the return with the ID. Errors: store.ErrNotFound.
func (s *Store) GetReturn(ctx context.Context, id uuid.UUID) (order.Return, error) {
	return getOne(ctx, s, s.reader, "get return", "return "+id.String(),
		`SELECT `+returnCols+` FROM returns WHERE id = ?`, []any{idArg(id)}, scanReturn)
}

// UpdateReturn replaces the stored return when r.Version matches (see
// store.OrderStore). Errors: store.ErrNotFound; store.ErrConflict;
// *order.ValidationError.
func (s *Store) UpdateReturn(ctx context.Context, r *order.Return) error {
	const op = "update return"
	var updated order.Return
	err := s.write(ctx, op, func(tx *sql.Tx) error {
		stored, err := getOne(ctx, s, tx, op, "return "+r.ID.String(),
			`SELECT `+returnCols+` FROM returns WHERE id = ?`, []any{idArg(r.ID)}, scanReturn)
		if err != nil {
			return err
		}
		if updated, err = store.PrepareReturnUpdate(*r, stored, s.now()); err != nil {
			return err
		}
		args, err := returnArgs(&updated)
		if err != nil {
			return s.wrap(op, err)
		}
		_, err = tx.ExecContext(ctx, `UPDATE returns SET items = ?4, reason = ?5, refund_only = ?6, amount = ?7,
			status = ?8, requested_at = ?9, resolved_at = ?10, updated_at = ?11, version = ?12
			WHERE id = ?1 AND order_id = ?2 AND customer_id = ?3`, args...)
		if err != nil {
			return s.wrap(op, err)
		}
		change, err := store.ReturnChange(store.OpUpdate, &stored, &updated)
		if err != nil {
			return s.wrap(op, err)
		}
		return s.appendChanges(ctx, tx, change)
	})
	if err != nil {
		return err
	}
	*r = updated
	return nil
}

// Returns scans returns matching f in (RequestedAt, ID) order.
func (s *Store) Returns(ctx context.Context, f store.ReturnFilter) iter.Seq2[order.Return, error] {
	text, args, err := returnsQuery(f)
	if err != nil {
		return fail[order.Return](err)
	}
	return scan(ctx, s, "scan returns", text, args, scanReturn)
}

func returnsQuery(f store.ReturnFilter) (string, []any, error) {
	var q query
	if f.CustomerID != uuid.Nil {
		q.where(`customer_id = ?`, idArg(f.CustomerID))
	}
	if f.OrderID != uuid.Nil {
		q.where(`order_id = ?`, idArg(f.OrderID))
	}
	in(&q, "status", f.Statuses)
	q.timeRange("requested_at", f.Since, f.Until)
	if err := q.afterTime("requested_at", f.After, false); err != nil {
		return "", nil, err
	}
	text := `SELECT ` + returnCols + ` FROM returns` + q.sql() + q.orderLimit("requested_at", false, f.Limit)
	return text, q.args, nil
}
