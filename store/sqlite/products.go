package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"iter"
	"time"

	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
)

const productCols = `id, sku, name, category, price, currency, active, updated_at`

const upsertProduct = `INSERT INTO products (` + productCols + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (id) DO UPDATE SET sku = excluded.sku, name = excluded.name, category = excluded.category,
	price = excluded.price, currency = excluded.currency, active = excluded.active, updated_at = excluded.updated_at`

func productArgs(p *order.Product) []any {
	return []any{p.ID, p.SKU, p.Name, p.Category, moneyText(p.Price), p.Currency, p.Active, micros(p.UpdatedAt)}
}

func scanProduct(r rowScanner) (order.Product, error) {
	var (
		p       order.Product
		price   string
		updated sql.NullInt64
	)
	if err := r.Scan(&p.ID, &p.SKU, &p.Name, &p.Category, &price, &p.Currency, &p.Active, &updated); err != nil {
		return order.Product{}, err
	}
	var err error
	if p.Price, err = parseMoney(price); err != nil {
		return order.Product{}, err
	}
	p.UpdatedAt = fromMicros(updated)
	return p, nil
}

// prepareProducts validates a batch before anything is written.
func prepareProducts(ps []order.Product, now time.Time) ([]order.Product, error) {
	out := make([]order.Product, len(ps))
	for i, p := range ps {
		q, err := store.PrepareProduct(p, now)
		if err != nil {
			return nil, fmt.Errorf("product %d: %w", i, err)
		}
		out[i] = q
	}
	return out, nil
}

// upsertProducts writes prepared products with one prepared statement.
func upsertProducts(ctx context.Context, tx *sql.Tx, ps []order.Product) error {
	if len(ps) == 0 {
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, upsertProduct)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for i := range ps {
		if _, err := stmt.ExecContext(ctx, productArgs(&ps[i])...); err != nil {
			return err
		}
	}
	return nil
}

// UpsertProducts validates and stores products, replacing any with the
// same ID, all or nothing. Errors: *order.ValidationError.
func (s *Store) UpsertProducts(ctx context.Context, ps []order.Product) error {
	const op = "upsert products"
	prepared, err := prepareProducts(ps, s.now())
	if err != nil {
		return err
	}
	changes := make([]store.Change, len(prepared))
	for i, p := range prepared {
		if changes[i], err = store.ProductChange(p); err != nil {
			return err
		}
	}
	return s.write(ctx, op, func(tx *sql.Tx) error {
		if err := upsertProducts(ctx, tx, prepared); err != nil {
			return s.wrap(op, err)
		}
		return s.appendChanges(ctx, tx, changes...)
	})
}

// GetProduct returns the product with the ID. Errors: store.ErrNotFound.
func (s *Store) GetProduct(ctx context.Context, id string) (order.Product, error) {
	return getOne(ctx, s, s.reader, "get product", "product "+id,
		`SELECT `+productCols+` FROM products WHERE id = ?`, []any{id}, scanProduct)
}

// Products scans products matching f in ID (byte) order.
func (s *Store) Products(ctx context.Context, f store.ProductFilter) iter.Seq2[order.Product, error] {
	text, args, err := productsQuery(f)
	if err != nil {
		return fail[order.Product](err)
	}
	return scan(ctx, s, "scan products", text, args, scanProduct)
}

func productsQuery(f store.ProductFilter) (string, []any, error) {
	var q query
	if f.Category != "" {
		q.where(`category = ?`, f.Category)
	}
	if f.ActiveOnly {
		q.where(`active = 1`)
	}
	if f.After != "" {
		id, err := store.DecodeProductCursor(f.After)
		if err != nil {
			return "", nil, err
		}
		q.where(`id > ?`, id)
	}
	text := `SELECT ` + productCols + ` FROM products` + q.sql() + ` ORDER BY id`
	if f.Limit > 0 {
		text += ` LIMIT ?`
		q.args = append(q.args, f.Limit)
	}
	return text, q.args, nil
}
