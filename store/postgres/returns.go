package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"

	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

var returnColumns = []string{"id", "order_id", "customer_id", "items", "reason", "refund_only", "amount",
	"status", "requested_at", "resolved_at", "updated_at", "version"}

const returnSelect = `id, order_id, customer_id, items, reason, refund_only, amount::text,
	status, requested_at, resolved_at, updated_at, version`

// itemJSON is a returned item inside the items JSONB column, its money
// written with its scale.
type itemJSON struct {
	ProductID string `json:"product_id"`
	Quantity  int    `json:"quantity"`
	Amount    string `json:"amount"`
}

func encodeItems(its []order.ReturnItem) (string, error) {
	if its == nil {
		return "null", nil
	}
	out := make([]itemJSON, len(its))
	for i, it := range its {
		out[i] = itemJSON{it.ProductID, it.Quantity, decText(it.Amount)}
	}
	b, err := json.Marshal(out)
	return string(b), err
}

func decodeItems(b []byte) ([]order.ReturnItem, error) {
	var in []itemJSON
	if err := json.Unmarshal(b, &in); err != nil {
		return nil, err
	}
	if in == nil {
		return nil, nil
	}
	out := make([]order.ReturnItem, len(in))
	for i, it := range in {
		amount, err := money(it.Amount)
		if err != nil {
			return nil, fmt.Errorf("item %d amount: %w", i, err)
		}
		out[i] = order.ReturnItem{ProductID: it.ProductID, Quantity: it.Quantity, Amount: amount}
	}
	return out, nil
}

// returnRow returns r's column values in returnColumns order.
func returnRow(r *order.Return) ([]any, error) {
	items, err := encodeItems(r.Items)
	if err != nil {
		return nil, err
	}
	return []any{idArg(r.ID), idArg(r.OrderID), idArg(r.CustomerID), items, r.Reason, r.RefundOnly, num(r.Amount),
		string(r.Status), r.RequestedAt, optTime(r.ResolvedAt), r.UpdatedAt, r.Version}, nil
}

// scanReturn reads a row selected with returnSelect.
func scanReturn(row scanner) (order.Return, error) {
	var r order.Return
	var items []byte
	var amount string
	var status string
	var requested, resolved, updated pgtype.Timestamptz
	err := row.Scan(idDest{&r.ID}, idDest{&r.OrderID}, idDest{&r.CustomerID}, &items, &r.Reason, &r.RefundOnly, &amount,
		&status, &requested, &resolved, &updated, &r.Version)
	if err != nil {
		return order.Return{}, err
	}
	if r.Items, err = decodeItems(items); err != nil {
		return order.Return{}, fmt.Errorf("return %s: items: %w", r.ID, err)
	}
	if r.Amount, err = money(amount); err != nil {
		return order.Return{}, fmt.Errorf("return %s: %w", r.ID, err)
	}
	r.Status = order.ReturnStatus(status)
	r.RequestedAt, r.ResolvedAt, r.UpdatedAt = utc(requested), utc(resolved), utc(updated)
	return r, nil
}

// returnsOf reads the returns of the given orders.
func (s *Store) returnsOf(ctx context.Context, q querier, orderIDs []uuid.UUID) ([]order.Return, error) {
	rows, err := q.Query(ctx, "SELECT "+returnSelect+" FROM returns WHERE order_id = ANY($1) ORDER BY requested_at, id", orderIDs)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (order.Return, error) { return scanReturn(r) })
}

// CreateReturn validates r against its order and the order's earlier returns
// and stores it (see store.OrderStore). The order's row is locked meanwhile,
// so two concurrent returns cannot together take back more than was bought.
func (s *Store) CreateReturn(ctx context.Context, r *order.Return) error {
	if err := s.check(); err != nil {
		return err
	}
	// The return's own rules first: a malformed return is a validation
	// error whether or not its order exists.
	if err := r.Validate(); err != nil {
		return err
	}
	var p order.Return
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		o, err := s.getOrder(ctx, tx, "id = $1", idArg(r.OrderID), "the order "+r.OrderID.String()+" of a return", "FOR UPDATE")
		if err != nil {
			return err
		}
		previous, err := s.returnsOf(ctx, tx, []uuid.UUID{o.ID})
		if err != nil {
			return s.fail(err, "reading the returns of order %s", o.Number)
		}
		if p, err = store.PrepareNewReturn(*r, o, previous, now()); err != nil {
			return err
		}
		row, err := returnRow(&p)
		if err != nil {
			return fmt.Errorf("postgres: encoding return %s: %w", p.ID, err)
		}
		if _, err := tx.Exec(ctx, insertSQL("returns", returnColumns), row...); err != nil {
			return s.fail(err, "creating return %s", p.ID)
		}
		change, err := store.ReturnChange(store.OpCreate, nil, &p)
		if err != nil {
			return err
		}
		return s.appendChanges(ctx, tx, change)
	})
	if err != nil {
		return err
	}
	*r = p
	return nil
}

// GetReturn returns the return with the ID. Errors: store.ErrNotFound.
func (s *Store) GetReturn(ctx context.Context, id uuid.UUID) (order.Return, error) {
	return s.getReturn(ctx, s.pool, id)
}

func (s *Store) getReturn(ctx context.Context, q rowQuerier, id uuid.UUID, suffix ...string) (order.Return, error) {
	if err := s.check(); err != nil {
		return order.Return{}, err
	}
	sql := "SELECT " + returnSelect + " FROM returns WHERE id = $1"
	for _, x := range suffix {
		sql += " " + x
	}
	r, err := scanReturn(q.QueryRow(ctx, sql, idArg(id)))
	if err != nil {
		return order.Return{}, s.fail(err, "reading return %s", id)
	}
	return r, nil
}

// UpdateReturn replaces the stored return when r.Version matches (see
// store.OrderStore), under a row lock.
func (s *Store) UpdateReturn(ctx context.Context, r *order.Return) error {
	if err := s.check(); err != nil {
		return err
	}
	var updated order.Return
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		stored, err := s.getReturn(ctx, tx, r.ID, "FOR UPDATE")
		if err != nil {
			return err
		}
		if updated, err = store.PrepareReturnUpdate(*r, stored, now()); err != nil {
			return err
		}
		row, err := returnRow(&updated)
		if err != nil {
			return fmt.Errorf("postgres: encoding return %s: %w", r.ID, err)
		}
		tag, err := tx.Exec(ctx, updateSQL("returns", returnColumns), append(row, stored.Version)...)
		if err != nil {
			return s.fail(err, "updating return %s", r.ID)
		}
		if tag.RowsAffected() != 1 {
			return fmt.Errorf("postgres: updating return %s: %w: the version changed", r.ID, store.ErrConflict)
		}
		change, err := store.ReturnChange(store.OpUpdate, &stored, &updated)
		if err != nil {
			return err
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
	start, err := startKey(f.After)
	query := timePage(returnSelect, "returns", "requested_at", false, func(q *pageQuery) {
		if f.CustomerID != uuid.Nil {
			q.where("customer_id = ?", idArg(f.CustomerID))
		}
		if f.OrderID != uuid.Nil {
			q.where("order_id = ?", idArg(f.OrderID))
		}
		if len(f.Statuses) > 0 {
			st := make([]string, len(f.Statuses))
			for i, x := range f.Statuses {
				st[i] = string(x)
			}
			q.where("status = ANY(?)", st)
		}
		q.timeRange("requested_at", f.Since, f.Until)
	})
	return paged(ctx, s, "returns", f.Limit, start, err, query, scanReturn,
		func(r *order.Return) timeKey { return timeKey{r.RequestedAt, r.ID} })
}
