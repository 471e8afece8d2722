package postgres

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// customerColumns are the customers table's columns in the order of
// customerRow and scanCustomer.
var customerColumns = []string{"id", "external_id", "email", "email_key", "first_name", "last_name", "phone",
	"addresses", "tags", "interests", "attributes", "consents", "created_at", "updated_at", "version"}

const customerSelect = `id, external_id, email, first_name, last_name, phone,
	addresses, tags, interests, attributes, consents, created_at, updated_at, version`

// customerRow returns c's column values in customerColumns order.
func customerRow(c *customer.Customer) ([]any, error) {
	addresses, err := jsonb(c.Addresses, c.Addresses == nil)
	if err != nil {
		return nil, err
	}
	attributes, err := jsonb(c.Attributes, c.Attributes == nil)
	if err != nil {
		return nil, err
	}
	consents, err := jsonb(c.Consents, c.Consents == nil)
	if err != nil {
		return nil, err
	}
	return []any{idArg(c.ID), optText(c.ExternalID), c.Email, optText(customer.EmailKey(c.Email)), c.FirstName, c.LastName, c.Phone,
		addresses, textArray(c.Tags), textArray(c.Interests), attributes, consents, c.CreatedAt, c.UpdatedAt, c.Version}, nil
}

// scanCustomer reads a row selected with customerSelect.
func scanCustomer(r scanner) (customer.Customer, error) {
	var c customer.Customer
	var external pgtype.Text
	var addresses, attributes, consents []byte
	var created, updated pgtype.Timestamptz
	err := r.Scan(idDest{&c.ID}, &external, &c.Email, &c.FirstName, &c.LastName, &c.Phone,
		&addresses, &c.Tags, &c.Interests, &attributes, &consents, &created, &updated, &c.Version)
	if err != nil {
		return customer.Customer{}, err
	}
	c.ExternalID = external.String
	c.CreatedAt, c.UpdatedAt = utc(created), utc(updated)
	if err := unjson(addresses, &c.Addresses); err != nil {
		return customer.Customer{}, fmt.Errorf("customer %s: addresses: %w", c.ID, err)
	}
	if err := unjson(attributes, &c.Attributes); err != nil {
		return customer.Customer{}, fmt.Errorf("customer %s: attributes: %w", c.ID, err)
	}
	if err := unjson(consents, &c.Consents); err != nil {
		return customer.Customer{}, fmt.Errorf("customer %s: consents: %w", c.ID, err)
	}
	for i := range c.Consents {
		c.Consents[i].At = c.Consents[i].At.UTC()
	}
	return c, nil
}

// customerKind is how customers are created.
var customerKind = recordKind[customer.Customer]{
	noun: "customer", table: "customers", columns: customerColumns,
	prepare: store.PrepareNewCustomer,
	row:     customerRow,
	change:  func(c *customer.Customer) (store.Change, error) { return store.CustomerChange(store.OpCreate, nil, c) },
	name:    func(c *customer.Customer) string { return c.ID.String() },
}

// CreateCustomer normalises, validates and stores c (see store.CustomerStore).
func (s *Store) CreateCustomer(ctx context.Context, c *customer.Customer) error {
	return create(ctx, s, customerKind, []*customer.Customer{c}, false)
}

// CreateCustomers creates a batch, all or nothing, with one COPY.
func (s *Store) CreateCustomers(ctx context.Context, cs []*customer.Customer) error {
	return create(ctx, s, customerKind, cs, true)
}

// GetCustomer returns the profile with the ID. Errors: store.ErrNotFound.
func (s *Store) GetCustomer(ctx context.Context, id uuid.UUID) (customer.Customer, error) {
	return s.getCustomer(ctx, s.pool, "id = $1", idArg(id), "customer "+id.String())
}

// GetCustomerByEmail finds a profile by e-mail (compared by
// customer.EmailKey). Errors: store.ErrNotFound.
func (s *Store) GetCustomerByEmail(ctx context.Context, email string) (customer.Customer, error) {
	key := customer.EmailKey(email)
	if key == "" {
		return customer.Customer{}, notFound("customer with e-mail %q", email)
	}
	return s.getCustomer(ctx, s.pool, "email_key = $1", key, fmt.Sprintf("customer with e-mail %q", email))
}

// GetCustomerByExternalID finds a profile by the shop's own ID. Errors: store.ErrNotFound.
func (s *Store) GetCustomerByExternalID(ctx context.Context, externalID string) (customer.Customer, error) {
	if externalID == "" {
		return customer.Customer{}, notFound("customer with external ID %q", externalID)
	}
	return s.getCustomer(ctx, s.pool, "external_id = $1", externalID, fmt.Sprintf("customer with external ID %q", externalID))
}

// getCustomer reads the customer matching cond (with one argument); suffix
// may lock the row ("FOR UPDATE").
func (s *Store) getCustomer(ctx context.Context, q rowQuerier, cond string, arg any, what string, suffix ...string) (customer.Customer, error) {
	if err := s.check(); err != nil {
		return customer.Customer{}, err
	}
	sql := "SELECT " + customerSelect + " FROM customers WHERE " + cond + " " + strings.Join(suffix, " ")
	c, err := scanCustomer(q.QueryRow(ctx, sql, arg))
	if err != nil {
		return customer.Customer{}, s.fail(err, "reading %s", what)
	}
	return c, nil
}

// UpdateCustomer replaces the stored profile when c.Version matches (see
// store.CustomerStore). The row is locked while the update is prepared, so
// of two concurrent updates carrying the same version exactly one succeeds.
func (s *Store) UpdateCustomer(ctx context.Context, c *customer.Customer) error {
	if err := s.check(); err != nil {
		return err
	}
	var updated customer.Customer
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		stored, err := s.getCustomer(ctx, tx, "id = $1", idArg(c.ID), "customer "+c.ID.String(), "FOR UPDATE")
		if err != nil {
			return err
		}
		if updated, err = store.PrepareCustomerUpdate(*c, stored, now()); err != nil {
			return err
		}
		row, err := customerRow(&updated)
		if err != nil {
			return fmt.Errorf("postgres: encoding customer %s: %w", c.ID, err)
		}
		tag, err := tx.Exec(ctx, updateSQL("customers", customerColumns), append(row, stored.Version)...)
		if err != nil {
			return s.fail(err, "updating customer %s", c.ID)
		}
		if tag.RowsAffected() != 1 {
			return fmt.Errorf("postgres: updating customer %s: %w: the version changed", c.ID, store.ErrConflict)
		}
		change, err := store.CustomerChange(store.OpUpdate, &stored, &updated)
		if err != nil {
			return err
		}
		return s.appendChanges(ctx, tx, change)
	})
	if err != nil {
		return err
	}
	*c = updated
	return nil
}

// DeleteCustomer removes the profile and its behaviour events; orders and
// returns stay as financial records. Errors: store.ErrNotFound.
func (s *Store) DeleteCustomer(ctx context.Context, id uuid.UUID) error {
	if err := s.check(); err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// The deleted row comes back for the digest its change keeps.
		stored, err := scanCustomer(tx.QueryRow(ctx, `DELETE FROM customers WHERE id = $1 RETURNING `+customerSelect, id))
		if errors.Is(err, pgx.ErrNoRows) {
			return notFound("deleting customer %s", id)
		}
		if err != nil {
			return s.fail(err, "deleting customer %s", id)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM events WHERE customer_id = $1`, id); err != nil {
			return s.fail(err, "deleting the events of customer %s", id)
		}
		change, err := store.CustomerChange(store.OpDelete, &stored, nil)
		if err != nil {
			return err
		}
		return s.appendChanges(ctx, tx, change)
	})
}

// MergeCustomers folds dropID into keepID and moves the dropped profile's
// orders, returns and events over, in one transaction (see
// store.CustomerStore). Both rows are locked in ID order, so concurrent
// merges cannot deadlock on them.
func (s *Store) MergeCustomers(ctx context.Context, keepID, dropID uuid.UUID) (customer.Customer, error) {
	if err := s.check(); err != nil {
		return customer.Customer{}, err
	}
	if keepID == dropID {
		return customer.Customer{}, fmt.Errorf("postgres: merging customer %s into itself: %w", keepID, store.ErrConflict)
	}
	var merged customer.Customer
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "SELECT "+customerSelect+" FROM customers WHERE id = ANY($1) ORDER BY id FOR UPDATE", []uuid.UUID{keepID, dropID})
		if err != nil {
			return s.fail(err, "merging customers")
		}
		locked, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (customer.Customer, error) { return scanCustomer(r) })
		if err != nil {
			return s.fail(err, "merging customers")
		}
		var keep, drop *customer.Customer
		for i := range locked {
			switch locked[i].ID {
			case keepID:
				keep = &locked[i]
			case dropID:
				drop = &locked[i]
			}
		}
		if keep == nil {
			return notFound("merging: customer %s", keepID)
		}
		if drop == nil {
			return notFound("merging: customer %s", dropID)
		}
		if merged, err = store.PrepareMerge(*keep, *drop, now()); err != nil {
			return err
		}
		// The dropped profile goes first: the merged one may take over its
		// e-mail or external ID.
		if _, err := tx.Exec(ctx, `DELETE FROM customers WHERE id = $1`, dropID); err != nil {
			return s.fail(err, "merging: deleting customer %s", dropID)
		}
		row, err := customerRow(&merged)
		if err != nil {
			return fmt.Errorf("postgres: encoding customer %s: %w", keepID, err)
		}
		if _, err := tx.Exec(ctx, updateSQL("customers", customerColumns), append(row, keep.Version)...); err != nil {
			return s.fail(err, "merging: updating customer %s", keepID)
		}
		for _, table := range []string{"orders", "returns", "events"} {
			if _, err := tx.Exec(ctx, "UPDATE "+table+" SET customer_id = $1 WHERE customer_id = $2", keepID, dropID); err != nil {
				return s.fail(err, "merging: moving %s of customer %s", table, dropID)
			}
		}
		change, err := store.MergeChange(*keep, merged, dropID)
		if err != nil {
			return err
		}
		return s.appendChanges(ctx, tx, change)
	})
	if err != nil {
		return customer.Customer{}, err
	}
	return merged, nil
}

// Customers scans profiles matching f in (CreatedAt, ID) order.
func (s *Store) Customers(ctx context.Context, f store.CustomerFilter) iter.Seq2[customer.Customer, error] {
	start, err := startKey(f.After)
	query := timePage(customerSelect, "customers", "created_at", false, func(q *pageQuery) {
		if tag := strings.ToLower(strings.TrimSpace(f.Tag)); tag != "" {
			q.where("tags @> ARRAY[?::text]", tag)
		}
		if f.Email != "" {
			q.where("email_key = ?", customer.EmailKey(f.Email))
		}
		q.timeRange("created_at", f.CreatedFrom, f.CreatedTo)
	})
	return paged(ctx, s, "customers", f.Limit, start, err, query, scanCustomer,
		func(c *customer.Customer) timeKey { return timeKey{c.CreatedAt, c.ID} })
}
