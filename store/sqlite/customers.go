package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"iter"
	"strings"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

const customerCols = `id, external_id, email, first_name, last_name, phone,
	addresses, tags, interests, attributes, consents, created_at, updated_at, version`

// customerArgs returns c's column values in the order of customerCols, with
// email_key after email.
func customerArgs(c *customer.Customer) ([]any, error) {
	nested := []any{c.Addresses, c.Tags, c.Interests, c.Attributes, c.Consents}
	texts := make([]any, len(nested))
	for i, v := range nested {
		t, err := jsonText(v)
		if err != nil {
			return nil, err
		}
		texts[i] = t
	}
	return append([]any{
		idArg(c.ID), optionalText(c.ExternalID), c.Email, optionalText(customer.EmailKey(c.Email)),
		c.FirstName, c.LastName, c.Phone,
	}, append(texts, micros(c.CreatedAt), micros(c.UpdatedAt), c.Version)...), nil
}

func scanCustomer(r rowScanner) (customer.Customer, error) {
	var (
		c                                           customer.Customer
		id                                          []byte
		external                                    sql.NullString
		addresses, tags, interests, attrs, consents string
		created, updated                            sql.NullInt64
	)
	if err := r.Scan(&id, &external, &c.Email, &c.FirstName, &c.LastName, &c.Phone,
		&addresses, &tags, &interests, &attrs, &consents, &created, &updated, &c.Version); err != nil {
		return customer.Customer{}, err
	}
	var err error
	if c.ID, err = parseID(id); err != nil {
		return customer.Customer{}, err
	}
	c.ExternalID = external.String
	for _, f := range []struct {
		text string
		dst  any
	}{{addresses, &c.Addresses}, {tags, &c.Tags}, {interests, &c.Interests}, {attrs, &c.Attributes}, {consents, &c.Consents}} {
		if err := fromJSON(f.text, f.dst); err != nil {
			return customer.Customer{}, err
		}
	}
	c.CreatedAt, c.UpdatedAt = fromMicros(created), fromMicros(updated)
	return c, nil
}

// customerWriter inserts profiles through prepared statements of one
// transaction.
type customerWriter struct {
	insert, tag *sql.Stmt
}

func prepareCustomerWriter(ctx context.Context, tx *sql.Tx, onConflict store.ConflictPolicy) (*customerWriter, error) {
	ignore := ""
	if onConflict == store.ConflictSkip {
		ignore = " ON CONFLICT DO NOTHING"
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO customers (id, external_id, email, email_key, first_name, last_name, phone,
		addresses, tags, interests, attributes, consents, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`+ignore)
	if err != nil {
		return nil, err
	}
	tag, err := tx.PrepareContext(ctx, `INSERT INTO customer_tags (tag, created_at, customer_id) VALUES (?, ?, ?)`)
	if err != nil {
		ins.Close()
		return nil, err
	}
	return &customerWriter{insert: ins, tag: tag}, nil
}

func (w *customerWriter) close() { w.insert.Close(); w.tag.Close() }

// add inserts c and its tags; it reports false when ConflictSkip skipped it.
func (w *customerWriter) add(ctx context.Context, c *customer.Customer) (bool, error) {
	args, err := customerArgs(c)
	if err != nil {
		return false, err
	}
	res, err := w.insert.ExecContext(ctx, args...)
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	for _, t := range c.Tags {
		if _, err := w.tag.ExecContext(ctx, t, c.CreatedAt.UnixMicro(), idArg(c.ID)); err != nil {
			return false, err
		}
	}
	return true, nil
}

// CreateCustomer normalises, validates and stores c (see store.CustomerStore).
// Errors: *customer.ValidationError; store.ErrConflict; store.ErrClosed.
func (s *Store) CreateCustomer(ctx context.Context, c *customer.Customer) error {
	return s.CreateCustomers(ctx, []*customer.Customer{c})
}

// CreateCustomers creates a batch in one transaction, all or nothing.
// Errors as CreateCustomer.
func (s *Store) CreateCustomers(ctx context.Context, cs []*customer.Customer) error {
	now := s.now()
	prepared := make([]customer.Customer, len(cs))
	for i, c := range cs {
		p, err := store.PrepareNewCustomer(*c, now)
		if err != nil {
			if len(cs) > 1 {
				return fmt.Errorf("customer %d: %w", i, err)
			}
			return err
		}
		prepared[i] = p
	}
	err := s.write(ctx, "create customers", func(tx *sql.Tx) error {
		w, err := prepareCustomerWriter(ctx, tx, store.ConflictFail)
		if err != nil {
			return s.wrap("create customers", err)
		}
		defer w.close()
		changes := make([]store.Change, len(prepared))
		for i := range prepared {
			if _, err := w.add(ctx, &prepared[i]); err != nil {
				return s.conflict("create customer", "customer "+prepared[i].ID.String(), err)
			}
			if changes[i], err = store.CustomerChange(store.OpCreate, nil, &prepared[i]); err != nil {
				return s.wrap("create customers", err)
			}
		}
		return s.appendChanges(ctx, tx, changes...)
	})
	if err != nil {
		return err
	}
	for i, c := range cs {
		*c = prepared[i]
	}
	return nil
}

// GetCustomer returns the profile with the ID. Errors: store.ErrNotFound.
func (s *Store) GetCustomer(ctx context.Context, id uuid.UUID) (customer.Customer, error) {
	return getOne(ctx, s, s.reader, "get customer", "customer "+id.String(),
		`SELECT `+customerCols+` FROM customers WHERE id = ?`, []any{idArg(id)}, scanCustomer)
}

// GetCustomerByEmail finds a profile by e-mail, compared by
// customer.EmailKey. Errors: store.ErrNotFound.
func (s *Store) GetCustomerByEmail(ctx context.Context, email string) (customer.Customer, error) {
	key := customer.EmailKey(email)
	return getOne(ctx, s, s.reader, "get customer by e-mail", "customer with e-mail "+email,
		`SELECT `+customerCols+` FROM customers WHERE email_key = ?`, []any{key}, scanCustomer)
}

// GetCustomerByExternalID finds a profile by the shop's own ID. Errors: store.ErrNotFound.
func (s *Store) GetCustomerByExternalID(ctx context.Context, externalID string) (customer.Customer, error) {
	return getOne(ctx, s, s.reader, "get customer by external ID", "customer with external ID "+externalID,
		`SELECT `+customerCols+` FROM customers WHERE external_id = ?`, []any{strings.TrimSpace(externalID)}, scanCustomer)
}

// getCustomerTx reads a profile inside a write transaction.
func (s *Store) getCustomerTx(ctx context.Context, tx *sql.Tx, op string, id uuid.UUID) (customer.Customer, error) {
	return getOne(ctx, s, tx, op, "customer "+id.String(),
		`SELECT `+customerCols+` FROM customers WHERE id = ?`, []any{idArg(id)}, scanCustomer)
}

// replaceCustomer overwrites the stored row of c (same ID) and its tags.
func replaceCustomer(ctx context.Context, tx *sql.Tx, c *customer.Customer) error {
	args, err := customerArgs(c)
	if err != nil {
		return err
	}
	// args[0] is the ID; the rest follow the SET list.
	if _, err := tx.ExecContext(ctx, `UPDATE customers SET external_id = ?, email = ?, email_key = ?,
		first_name = ?, last_name = ?, phone = ?, addresses = ?, tags = ?, interests = ?, attributes = ?,
		consents = ?, created_at = ?, updated_at = ?, version = ? WHERE id = ?`, append(args[1:], args[0])...); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM customer_tags WHERE customer_id = ?`, idArg(c.ID)); err != nil {
		return err
	}
	for _, t := range c.Tags {
		if _, err := tx.ExecContext(ctx, `INSERT INTO customer_tags (tag, created_at, customer_id) VALUES (?, ?, ?)`,
			t, c.CreatedAt.UnixMicro(), idArg(c.ID)); err != nil {
			return err
		}
	}
	return nil
}

// UpdateCustomer replaces the stored profile when c.Version matches (see
// store.CustomerStore). Errors: store.ErrNotFound; store.ErrConflict;
// *customer.ValidationError.
func (s *Store) UpdateCustomer(ctx context.Context, c *customer.Customer) error {
	const op = "update customer"
	var updated customer.Customer
	err := s.write(ctx, op, func(tx *sql.Tx) error {
		stored, err := s.getCustomerTx(ctx, tx, op, c.ID)
		if err != nil {
			return err
		}
		if updated, err = store.PrepareCustomerUpdate(*c, stored, s.now()); err != nil {
			return err
		}
		if err := replaceCustomer(ctx, tx, &updated); err != nil {
			return s.conflict(op, "customer "+c.ID.String(), err)
		}
		change, err := store.CustomerChange(store.OpUpdate, &stored, &updated)
		if err != nil {
			return s.wrap(op, err)
		}
		return s.appendChanges(ctx, tx, change)
	})
	if err != nil {
		return err
	}
	*c = updated
	return nil
}

// DeleteCustomer removes the profile and its behaviour events; its orders
// and returns stay. Errors: store.ErrNotFound.
func (s *Store) DeleteCustomer(ctx context.Context, id uuid.UUID) error {
	const op = "delete customer"
	return s.write(ctx, op, func(tx *sql.Tx) error {
		// The profile is read for the digest its delete change keeps.
		stored, err := s.getCustomerTx(ctx, tx, op, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM customers WHERE id = ?`, idArg(id)); err != nil {
			return s.wrap(op, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM events WHERE customer_id = ?`, idArg(id)); err != nil {
			return s.wrap(op, err)
		}
		change, err := store.CustomerChange(store.OpDelete, &stored, nil)
		if err != nil {
			return s.wrap(op, err)
		}
		return s.appendChanges(ctx, tx, change)
	})
}

// MergeCustomers folds dropID into keepID in one transaction (see
// store.CustomerStore). Errors: store.ErrNotFound; store.ErrConflict when
// the IDs are equal.
func (s *Store) MergeCustomers(ctx context.Context, keepID, dropID uuid.UUID) (customer.Customer, error) {
	const op = "merge customers"
	if keepID == dropID {
		return customer.Customer{}, fmt.Errorf("sqlite: %s: %w: cannot merge customer %s into itself", op, store.ErrConflict, keepID)
	}
	var merged customer.Customer
	err := s.write(ctx, op, func(tx *sql.Tx) error {
		keep, err := s.getCustomerTx(ctx, tx, op, keepID)
		if err != nil {
			return err
		}
		drop, err := s.getCustomerTx(ctx, tx, op, dropID)
		if err != nil {
			return err
		}
		if merged, err = store.PrepareMerge(keep, drop, s.now()); err != nil {
			return err
		}
		keepArg, dropArg := idArg(keepID), idArg(dropID)
		// The dropped profile goes first so the merged one may take over its
		// e-mail and external ID.
		for _, stmt := range []string{
			`DELETE FROM customers WHERE id = ?2`,
			`UPDATE orders SET customer_id = ?1 WHERE customer_id = ?2`,
			`UPDATE returns SET customer_id = ?1 WHERE customer_id = ?2`,
			`UPDATE events SET customer_id = ?1 WHERE customer_id = ?2`,
		} {
			if _, err := tx.ExecContext(ctx, stmt, keepArg, dropArg); err != nil {
				return s.wrap(op, err)
			}
		}
		if err := replaceCustomer(ctx, tx, &merged); err != nil {
			return s.conflict(op, "customer "+keepID.String(), err)
		}
		change, err := store.MergeChange(keep, merged, dropID)
		if err != nil {
			return s.wrap(op, err)
		}
		return s.appendChanges(ctx, tx, change)
	})
	if err != nil {
		return customer.Customer{}, err
	}
	return merged, nil
}

// Customers scans profiles matching f in (CreatedAt, ID) order. The tag
// filter uses the customer_tags index, the e-mail filter the unique e-mail
// key, the time range and cursor the (created_at, id) index.
func (s *Store) Customers(ctx context.Context, f store.CustomerFilter) iter.Seq2[customer.Customer, error] {
	text, args, err := customersQuery(f)
	if err != nil {
		return fail[customer.Customer](err)
	}
	return scan(ctx, s, "scan customers", text, args, scanCustomer)
}

func customersQuery(f store.CustomerFilter) (string, []any, error) {
	// With a tag the scan walks that tag's slice of the customer_tags key,
	// which is already in (created_at, id) order, and joins each profile.
	from, timeCol, idCol := `customers c`, `c.created_at`, `c.id`
	var q query
	if f.Tag != "" {
		from, timeCol, idCol = `customer_tags t JOIN customers c ON c.id = t.customer_id`, `t.created_at`, `t.customer_id`
		q.where(`t.tag = ?`, strings.ToLower(strings.TrimSpace(f.Tag)))
	}
	if f.Email != "" {
		q.where(`c.email_key = ?`, customer.EmailKey(f.Email))
	}
	q.timeRange(timeCol, f.CreatedFrom, f.CreatedTo)
	if err := q.afterKey(timeCol, idCol, f.After, false); err != nil {
		return "", nil, err
	}
	text := `SELECT ` + customerColsC + ` FROM ` + from + q.sql() + q.orderKeyLimit(timeCol, idCol, false, f.Limit)
	return text, q.args, nil
}

// customerColsC is customerCols qualified with the alias c.
const customerColsC = `c.id, c.external_id, c.email, c.first_name, c.last_name, c.phone,
	c.addresses, c.tags, c.interests, c.attributes, c.consents, c.created_at, c.updated_at, c.version`
