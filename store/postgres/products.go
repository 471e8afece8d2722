package postgres

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

const productSelect = `id, sku, name, category, price::text, currency, active, updated_at`

// upsertProductsSQL writes a whole batch in one statement from parallel
// arrays, replacing products with the same ID.
const upsertProductsSQL = `INSERT INTO products (id, sku, name, category, price, currency, active, updated_at)
	SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::numeric[], $6::text[], $7::boolean[], $8::timestamptz[])
	ON CONFLICT (id) DO UPDATE SET sku = excluded.sku, name = excluded.name, category = excluded.category,
		price = excluded.price, currency = excluded.currency, active = excluded.active, updated_at = excluded.updated_at`

// scanProduct reads a row selected with productSelect.
func scanProduct(r scanner) (order.Product, error) {
	var p order.Product
	var price string
	var updated pgtype.Timestamptz
	if err := r.Scan(&p.ID, &p.SKU, &p.Name, &p.Category, &price, &p.Currency, &p.Active, &updated); err != nil {
		return order.Product{}, err
	}
	var err error
	if p.Price, err = money(price); err != nil {
		return order.Product{}, fmt.Errorf("product %q: %w", p.ID, err)
	}
	p.UpdatedAt = utc(updated)
	return p, nil
}

// prepareProducts validates ps and returns the batch to write: one product
// per ID, the last given winning, as if they were written in turn.
func prepareProducts(ps []order.Product, t time.Time) ([]order.Product, error) {
	out := make([]order.Product, 0, len(ps))
	at := make(map[string]int, len(ps))
	for i, p := range ps {
		q, err := store.PrepareProduct(p, t)
		if err != nil {
			return nil, fmt.Errorf("product %d: %w", i, err)
		}
		if j, ok := at[q.ID]; ok {
			out[j] = q
			continue
		}
		at[q.ID] = len(out)
		out = append(out, q)
	}
	return out, nil
}

// productArrays returns the parallel arrays upsertProductsSQL takes.
func productArrays(ps []order.Product) []any {
	ids, skus, names, cats, curs := make([]string, len(ps)), make([]string, len(ps)), make([]string, len(ps)), make([]string, len(ps)), make([]string, len(ps))
	prices, active, updated := make([]pgtype.Numeric, len(ps)), make([]bool, len(ps)), make([]time.Time, len(ps))
	for i, p := range ps {
		ids[i], skus[i], names[i], cats[i], curs[i] = p.ID, p.SKU, p.Name, p.Category, p.Currency
		prices[i], active[i], updated[i] = num(p.Price), p.Active, p.UpdatedAt
	}
	return []any{ids, skus, names, cats, prices, curs, active, updated}
}

// UpsertProducts validates and stores products, replacing any with the same
// ID, all or nothing, in one statement.
func (s *Store) UpsertProducts(ctx context.Context, ps []order.Product) error {
	if err := s.check(); err != nil {
		return err
	}
	t := now()
	batch, err := prepareProducts(ps, t)
	if err != nil || len(batch) == 0 {
		return err
	}
	// One change per product given, as the other backends record, though
	// the statement writes a repeated ID once (the last one given).
	changes := make([]store.Change, len(ps))
	for i := range ps {
		p, err := store.PrepareProduct(ps[i], t)
		if err != nil {
			return err
		}
		if changes[i], err = store.ProductChange(p); err != nil {
			return err
		}
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, upsertProductsSQL, productArrays(batch)...); err != nil {
			return s.fail(err, "upserting %d products", len(batch))
		}
		return s.appendChanges(ctx, tx, changes...)
	})
}

// GetProduct returns the product with the ID. Errors: store.ErrNotFound.
func (s *Store) GetProduct(ctx context.Context, id string) (order.Product, error) {
	if err := s.check(); err != nil {
		return order.Product{}, err
	}
	p, err := scanProduct(s.pool.QueryRow(ctx, "SELECT "+productSelect+" FROM products WHERE id = $1", id))
	if err != nil {
		return order.Product{}, s.fail(err, "reading product %q", id)
	}
	return p, nil
}

// Products scans products matching f in ID (byte) order: the id column
// collates as "C".
func (s *Store) Products(ctx context.Context, f store.ProductFilter) iter.Seq2[order.Product, error] {
	var start *string
	var startErr error
	if f.After != "" {
		id, err := store.DecodeProductCursor(f.After)
		start, startErr = &id, err
	}
	query := func(after *string, n int) (string, []any) {
		var q pageQuery
		if f.Category != "" {
			q.where("category = ?", f.Category)
		}
		if f.ActiveOnly {
			q.where("active")
		}
		if after != nil {
			q.where("id > ?", *after)
		}
		return q.sql(productSelect, "products", "id", n), q.args
	}
	return paged(ctx, s, "products", f.Limit, start, startErr, query, scanProduct,
		func(p *order.Product) string { return p.ID })
}
