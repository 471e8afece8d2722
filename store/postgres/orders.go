package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"

	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/shopspring/decimal"
)

var orderColumns = []string{"id", "number", "customer_id", "status", "currency", "lines", "units",
	"shipping", "tax", "total", "payment_method", "refunded_amount",
	"placed_at", "paid_at", "shipped_at", "delivered_at", "cancelled_at", "updated_at", "version"}

const orderSelect = `id, number, customer_id, status, currency, lines,
	shipping::text, tax::text, total::text, payment_method, refunded_amount::text,
	placed_at, paid_at, shipped_at, delivered_at, cancelled_at, updated_at, version`

// lineJSON is an order line inside the lines JSONB column. Money is a
// string written with its scale, so 12.50 comes back as 12.50 (the
// decimal's own JSON form drops trailing zeros).
type lineJSON struct {
	ProductID string `json:"product_id"`
	SKU       string `json:"sku,omitempty"`
	Name      string `json:"name,omitempty"`
	Category  string `json:"category,omitempty"`
	Quantity  int    `json:"quantity"`
	UnitPrice string `json:"unit_price"`
	Discount  string `json:"discount"`
}

func encodeLines(ls []order.Line) (string, error) {
	out := make([]lineJSON, len(ls))
	for i, l := range ls {
		out[i] = lineJSON{l.ProductID, l.SKU, l.Name, l.Category, l.Quantity, decText(l.UnitPrice), decText(l.Discount)}
	}
	b, err := json.Marshal(out)
	return string(b), err
}

func decodeLines(b []byte) ([]order.Line, error) {
	var in []lineJSON
	if err := json.Unmarshal(b, &in); err != nil {
		return nil, err
	}
	if in == nil {
		return nil, nil
	}
	out := make([]order.Line, len(in))
	for i, l := range in {
		up, err := money(l.UnitPrice)
		if err != nil {
			return nil, fmt.Errorf("line %d unit price: %w", i, err)
		}
		disc, err := money(l.Discount)
		if err != nil {
			return nil, fmt.Errorf("line %d discount: %w", i, err)
		}
		out[i] = order.Line{ProductID: l.ProductID, SKU: l.SKU, Name: l.Name, Category: l.Category, Quantity: l.Quantity, UnitPrice: up, Discount: disc}
	}
	return out, nil
}

// orderRow returns o's column values in orderColumns order.
func orderRow(o *order.Order) ([]any, error) {
	lines, err := encodeLines(o.Lines)
	if err != nil {
		return nil, err
	}
	if o.Lines == nil {
		lines = "null"
	}
	return []any{idArg(o.ID), o.Number, idArg(o.CustomerID), string(o.Status), o.Currency, lines, o.Units(),
		num(o.Shipping), num(o.Tax), num(o.Total), o.PaymentMethod, num(o.RefundedAmount),
		o.PlacedAt, optTime(o.PaidAt), optTime(o.ShippedAt), optTime(o.DeliveredAt), optTime(o.CancelledAt), o.UpdatedAt, o.Version}, nil
}

// scanOrder reads a row selected with orderSelect.
func scanOrder(r scanner) (order.Order, error) {
	var o order.Order
	var status string
	var lines []byte
	var shipping, tax, total, refunded string
	var placed, paid, shipped, delivered, cancelled, updated pgtype.Timestamptz
	err := r.Scan(idDest{&o.ID}, &o.Number, idDest{&o.CustomerID}, &status, &o.Currency, &lines,
		&shipping, &tax, &total, &o.PaymentMethod, &refunded,
		&placed, &paid, &shipped, &delivered, &cancelled, &updated, &o.Version)
	if err != nil {
		return order.Order{}, err
	}
	o.Status = order.Status(status)
	if o.Lines, err = decodeLines(lines); err != nil {
		return order.Order{}, fmt.Errorf("order %s: lines: %w", o.ID, err)
	}
	for _, m := range []struct {
		dst *decimal.Decimal
		src string
	}{{&o.Shipping, shipping}, {&o.Tax, tax}, {&o.Total, total}, {&o.RefundedAmount, refunded}} {
		if *m.dst, err = money(m.src); err != nil {
			return order.Order{}, fmt.Errorf("order %s: %w", o.ID, err)
		}
	}
	o.PlacedAt, o.PaidAt, o.ShippedAt, o.DeliveredAt, o.CancelledAt, o.UpdatedAt =
		utc(placed), utc(paid), utc(shipped), utc(delivered), utc(cancelled), utc(updated)
	return o, nil
}

// orderKind is how orders are created.
var orderKind = recordKind[order.Order]{
	noun: "order", table: "orders", columns: orderColumns,
	prepare: store.PrepareNewOrder,
	row:     orderRow,
	change:  func(o *order.Order) (store.Change, error) { return store.OrderChange(store.OpCreate, nil, o) },
	name:    func(o *order.Order) string { return o.Number },
}

// CreateOrder validates and stores o (see store.OrderStore).
func (s *Store) CreateOrder(ctx context.Context, o *order.Order) error {
	return create(ctx, s, orderKind, []*order.Order{o}, false)
}

// CreateOrders creates a batch, all or nothing, with one COPY.
func (s *Store) CreateOrders(ctx context.Context, os []*order.Order) error {
	return create(ctx, s, orderKind, os, true)
}

// GetOrder returns the order with the ID. Errors: store.ErrNotFound.
func (s *Store) GetOrder(ctx context.Context, id uuid.UUID) (order.Order, error) {
	return s.getOrder(ctx, s.pool, "id = $1", idArg(id), "order "+id.String())
}

// GetOrderByNumber returns the order with the shop's number. Errors: store.ErrNotFound.
func (s *Store) GetOrderByNumber(ctx context.Context, number string) (order.Order, error) {
	return s.getOrder(ctx, s.pool, "number = $1", number, "order number "+number)
}

func (s *Store) getOrder(ctx context.Context, q rowQuerier, cond string, arg any, what string, suffix ...string) (order.Order, error) {
	if err := s.check(); err != nil {
		return order.Order{}, err
	}
	sql := "SELECT " + orderSelect + " FROM orders WHERE " + cond
	for _, x := range suffix {
		sql += " " + x
	}
	o, err := scanOrder(q.QueryRow(ctx, sql, arg))
	if err != nil {
		return order.Order{}, s.fail(err, "reading %s", what)
	}
	return o, nil
}

// UpdateOrder replaces the stored order when o.Version matches and the
// status change is allowed (see store.OrderStore), under a row lock.
func (s *Store) UpdateOrder(ctx context.Context, o *order.Order) error {
	if err := s.check(); err != nil {
		return err
	}
	var updated order.Order
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		stored, err := s.getOrder(ctx, tx, "id = $1", idArg(o.ID), "order "+o.ID.String(), "FOR UPDATE")
		if err != nil {
			return err
		}
		if updated, err = store.PrepareOrderUpdate(*o, stored, now()); err != nil {
			return err
		}
		row, err := orderRow(&updated)
		if err != nil {
			return fmt.Errorf("postgres: encoding order %s: %w", o.Number, err)
		}
		tag, err := tx.Exec(ctx, updateSQL("orders", orderColumns), append(row, stored.Version)...)
		if err != nil {
			return s.fail(err, "updating order %s", o.Number)
		}
		if tag.RowsAffected() != 1 {
			return fmt.Errorf("postgres: updating order %s: %w: the version changed", o.Number, store.ErrConflict)
		}
		change, err := store.OrderChange(store.OpUpdate, &stored, &updated)
		if err != nil {
			return err
		}
		return s.appendChanges(ctx, tx, change)
	})
	if err != nil {
		return err
	}
	*o = updated
	return nil
}

// DeleteOrder removes the order and, by the foreign key's cascade, its
// returns. Errors: store.ErrNotFound.
func (s *Store) DeleteOrder(ctx context.Context, id uuid.UUID) error {
	if err := s.check(); err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// The deleted row comes back for its change's digest and payload.
		stored, err := scanOrder(tx.QueryRow(ctx, `DELETE FROM orders WHERE id = $1 RETURNING `+orderSelect, id))
		if errors.Is(err, pgx.ErrNoRows) {
			return notFound("deleting order %s", id)
		}
		if err != nil {
			return s.fail(err, "deleting order %s", id)
		}
		change, err := store.OrderChange(store.OpDelete, &stored, nil)
		if err != nil {
			return err
		}
		return s.appendChanges(ctx, tx, change)
	})
}

// Orders scans orders matching f in (PlacedAt, ID) order, ascending or,
// with f.Desc, descending.
func (s *Store) Orders(ctx context.Context, f store.OrderFilter) iter.Seq2[order.Order, error] {
	start, err := startKey(f.After)
	query := timePage(orderSelect, "orders", "placed_at", f.Desc, func(q *pageQuery) {
		if f.CustomerID != uuid.Nil {
			q.where("customer_id = ?", idArg(f.CustomerID))
		}
		if len(f.Statuses) > 0 {
			st := make([]string, len(f.Statuses))
			for i, x := range f.Statuses {
				st[i] = string(x)
			}
			q.where("status = ANY(?)", st)
		}
		q.timeRange("placed_at", f.Since, f.Until)
	})
	return paged(ctx, s, "orders", f.Limit, start, err, query, scanOrder,
		func(o *order.Order) timeKey { return timeKey{o.PlacedAt, o.ID} })
}
