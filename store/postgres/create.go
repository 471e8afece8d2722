package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/crmkit/crmkit/store"
	"github.com/jackc/pgx/v5"
)

// recordKind says how one kind of record is created: prepared at the
// store's boundary, encoded as a row of its table, and journaled. Customers
// and orders share one create path through it.
type recordKind[T any] struct {
	noun    string // "customer", "order": for messages
	table   string
	columns []string
	prepare func(T, time.Time) (T, error)
	row     func(*T) ([]any, error)
	change  func(*T) (store.Change, error)
	name    func(*T) string // how messages name one record
}

// create prepares, stores and journals vs in one transaction, all or
// nothing, and on success updates each with what was stored. A single
// record (not batch) is one INSERT and its errors are returned as they
// are; a batch is one COPY, and a record's validation error says which.
func create[T any](ctx context.Context, s *Store, k recordKind[T], vs []*T, batch bool) error {
	if err := s.check(); err != nil {
		return err
	}
	t := now()
	prepared := make([]T, len(vs))
	rows := make([][]any, len(vs))
	changes := make([]store.Change, len(vs))
	for i, v := range vs {
		p, err := k.prepare(*v, t)
		if err != nil {
			if batch {
				return fmt.Errorf("%s %d: %w", k.noun, i, err)
			}
			return err
		}
		if rows[i], err = k.row(&p); err != nil {
			return fmt.Errorf("postgres: encoding %s %s: %w", k.noun, k.name(&p), err)
		}
		if changes[i], err = k.change(&p); err != nil {
			return err
		}
		prepared[i] = p
	}
	if len(vs) == 0 {
		return nil
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if !batch {
			if _, err := tx.Exec(ctx, insertSQL(k.table, k.columns), rows[0]...); err != nil {
				return s.fail(err, "creating %s %s", k.noun, k.name(&prepared[0]))
			}
		} else if _, err := tx.CopyFrom(ctx, pgx.Identifier{k.table}, k.columns, pgx.CopyFromRows(rows)); err != nil {
			return s.fail(err, "creating %d %ss", len(vs), k.noun)
		}
		return s.appendChanges(ctx, tx, changes...)
	})
	if err != nil {
		return err
	}
	for i, v := range vs {
		*v = prepared[i]
	}
	return nil
}
