package encrypted

import (
	"context"
	"errors"
	"iter"
	"sync"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// Options adjust an encrypting store; nil means the defaults.
type Options struct {
	// AllowPlaintext lets the store read profiles that hold no ciphertext,
	// written to the inner store before encryption was enabled, and find
	// them by e-mail. Rotate encrypts them. Off (the default), such a
	// profile is an ErrNotEncrypted error. Uniqueness of e-mails between
	// plaintext and encrypted profiles is not enforced, so run Rotate soon
	// after enabling encryption on a populated store.
	AllowPlaintext bool
}

// Wrap returns a store.Store that keeps e-mail, phone and addresses of every
// profile encrypted in inner (see the package documentation for the layout)
// and decrypts them on every read. Other records pass through unchanged.
//
// The result implements Rotator and store.Summarizer (summaries hold no
// personal data: forwarded, or computed by scans), and forwards, exactly
// when inner has them, store.BulkLoader (customers encrypted on the way),
// store.Journal, and privacy's Compacter, AuditExporter and AuditEraser
// (their payloads are the inner store's, so they hold ciphertexts). It is
// safe for concurrent use whenever inner is. Errors: a nil store or keyring.
func Wrap(inner store.Store, keys *Keyring, opts *Options) (store.Store, error) {
	if inner == nil {
		return nil, errors.New("encrypted: Wrap needs an inner store")
	}
	if keys == nil {
		return nil, errors.New("encrypted: Wrap needs a keyring")
	}
	w := &encStore{inner: inner, keys: keys}
	if opts != nil {
		w.opts = *opts
	}
	return shape(w), nil
}

// encStore is the wrapper; the shapes in shapes.go embed it and add the
// optional interfaces the inner store has.
type encStore struct {
	inner store.Store
	keys  *Keyring
	opts  Options
	// merging is held exclusively by MergeCustomers and shared by every
	// other customer write, so that within this process no write can
	// replace the state a merge has handed to the dropped profile before
	// the inner store moves it (see merge.go).
	merging sync.RWMutex
}

var (
	_ store.Store      = (*encStore)(nil)
	_ store.Summarizer = (*encStore)(nil)
	_ Rotator          = (*encStore)(nil)
)

// Orders, returns, products and events hold no profile fields and pass
// through unchanged.

// CreateOrder implements store.OrderStore.
func (w *encStore) CreateOrder(ctx context.Context, o *order.Order) error {
	return w.inner.CreateOrder(ctx, o)
}

// CreateOrders implements store.OrderStore.
func (w *encStore) CreateOrders(ctx context.Context, os []*order.Order) error {
	return w.inner.CreateOrders(ctx, os)
}

// GetOrder implements store.OrderStore.
func (w *encStore) GetOrder(ctx context.Context, id uuid.UUID) (order.Order, error) {
	return w.inner.GetOrder(ctx, id)
}

// GetOrderByNumber implements store.OrderStore.
func (w *encStore) GetOrderByNumber(ctx context.Context, number string) (order.Order, error) {
	return w.inner.GetOrderByNumber(ctx, number)
}

// UpdateOrder implements store.OrderStore.
func (w *encStore) UpdateOrder(ctx context.Context, o *order.Order) error {
	return w.inner.UpdateOrder(ctx, o)
}

// DeleteOrder implements store.OrderStore.
func (w *encStore) DeleteOrder(ctx context.Context, id uuid.UUID) error {
	return w.inner.DeleteOrder(ctx, id)
}

// Orders implements store.OrderStore.
func (w *encStore) Orders(ctx context.Context, f store.OrderFilter) iter.Seq2[order.Order, error] {
	return w.inner.Orders(ctx, f)
}

// CreateReturn implements store.OrderStore.
func (w *encStore) CreateReturn(ctx context.Context, r *order.Return) error {
	return w.inner.CreateReturn(ctx, r)
}

// GetReturn implements store.OrderStore.
func (w *encStore) GetReturn(ctx context.Context, id uuid.UUID) (order.Return, error) {
	return w.inner.GetReturn(ctx, id)
}

// UpdateReturn implements store.OrderStore.
func (w *encStore) UpdateReturn(ctx context.Context, r *order.Return) error {
	return w.inner.UpdateReturn(ctx, r)
}

// Returns implements store.OrderStore.
func (w *encStore) Returns(ctx context.Context, f store.ReturnFilter) iter.Seq2[order.Return, error] {
	return w.inner.Returns(ctx, f)
}

// UpsertProducts implements store.ProductStore.
func (w *encStore) UpsertProducts(ctx context.Context, ps []order.Product) error {
	return w.inner.UpsertProducts(ctx, ps)
}

// GetProduct implements store.ProductStore.
func (w *encStore) GetProduct(ctx context.Context, id string) (order.Product, error) {
	return w.inner.GetProduct(ctx, id)
}

// Products implements store.ProductStore.
func (w *encStore) Products(ctx context.Context, f store.ProductFilter) iter.Seq2[order.Product, error] {
	return w.inner.Products(ctx, f)
}

// AppendEvents implements store.EventStore.
func (w *encStore) AppendEvents(ctx context.Context, es []behavior.Event) error {
	return w.inner.AppendEvents(ctx, es)
}

// Events implements store.EventStore.
func (w *encStore) Events(ctx context.Context, f store.EventFilter) iter.Seq2[behavior.Event, error] {
	return w.inner.Events(ctx, f)
}

// Stats implements store.Store.
func (w *encStore) Stats(ctx context.Context) (store.Stats, error) { return w.inner.Stats(ctx) }

// Close closes the inner store.
func (w *encStore) Close() error { return w.inner.Close() }

// CustomerSummary implements store.Summarizer; summaries carry no personal
// data, so the inner store's are returned as they are.
func (w *encStore) CustomerSummary(ctx context.Context, id uuid.UUID, f store.SummaryFilter) (store.CustomerSummary, error) {
	return store.SummaryOf(ctx, w.inner, id, f)
}

// CustomerSummaries implements store.Summarizer.
func (w *encStore) CustomerSummaries(ctx context.Context, f store.SummaryFilter) iter.Seq2[store.CustomerSummary, error] {
	return store.Summaries(ctx, w.inner, f)
}
