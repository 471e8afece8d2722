package memory

import (
	"context"
	"sync"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// Store is an in-memory store.Store. The zero value is not usable; call New.
type Store struct {
	mu     sync.RWMutex
	closed bool
	now    func() time.Time

	customers  map[uuid.UUID]customer.Customer
	byEmail    map[string]uuid.UUID // customer.EmailKey → ID
	byExternal map[string]uuid.UUID
	orders     map[uuid.UUID]order.Order
	byNumber   map[string]uuid.UUID
	returns    map[uuid.UUID]order.Return
	products   map[string]order.Product
	events     map[uuid.UUID]behavior.Event

	// journal holds change Seq n at index n-1.
	journal []store.Change
}

var (
	_ store.Store      = (*Store)(nil)
	_ store.BulkLoader = (*Store)(nil)
)

// Options tunes a memory store; nil means defaults.
type Options struct {
	// Now supplies the current time for created/updated stamps; default time.Now.
	Now func() time.Time
}

// New returns an empty store.
func New() *Store { return NewWithOptions(nil) }

// NewWithOptions returns an empty store configured by opts.
func NewWithOptions(opts *Options) *Store {
	s := &Store{
		now:        time.Now,
		customers:  map[uuid.UUID]customer.Customer{},
		byEmail:    map[string]uuid.UUID{},
		byExternal: map[string]uuid.UUID{},
		orders:     map[uuid.UUID]order.Order{},
		byNumber:   map[string]uuid.UUID{},
		returns:    map[uuid.UUID]order.Return{},
		products:   map[string]order.Product{},
		events:     map[uuid.UUID]behavior.Event{},
	}
	if opts != nil && opts.Now != nil {
		s.now = opts.Now
	}
	return s
}

// Close marks the store closed; later calls return store.ErrClosed.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	return nil
}

// Stats counts the records held.
func (s *Store) Stats(ctx context.Context) (store.Stats, error) {
	if err := s.rlock(ctx); err != nil {
		return store.Stats{}, err
	}
	defer s.mu.RUnlock()
	return store.Stats{
		Customers: int64(len(s.customers)),
		Orders:    int64(len(s.orders)),
		Returns:   int64(len(s.returns)),
		Products:  int64(len(s.products)),
		Events:    int64(len(s.events)),
	}, nil
}

// lock takes the write lock after checking ctx and the closed flag.
func (s *Store) lock(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return store.ErrClosed
	}
	return nil
}

// rlock takes the read lock after checking ctx and the closed flag.
func (s *Store) rlock(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return store.ErrClosed
	}
	return nil
}
