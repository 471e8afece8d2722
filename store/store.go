package store

import (
	"context"
	"iter"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/google/uuid"
)

// Store is the whole of crmkit's storage: customers, orders and returns,
// products and behaviour events. See the package documentation for the rules
// every method keeps.
type Store interface {
	CustomerStore
	OrderStore
	ProductStore
	EventStore
	// Stats counts the records held.
	Stats(ctx context.Context) (Stats, error)
	// Close releases the store's resources; later calls return ErrClosed.
	// Closing twice is not an error.
	Close() error
}

// Stats counts the records in a store.
type Stats struct {
	Customers int64 `json:"customers"`
	Orders    int64 `json:"orders"`
	Returns   int64 `json:"returns"`
	Products  int64 `json:"products"`
	Events    int64 `json:"events"`
}

// CustomerStore keeps customer profiles.
type CustomerStore interface {
	// CreateCustomer normalises and validates c, then stores it. A nil ID is
	// replaced by a new one; zero CreatedAt/UpdatedAt become the current time;
	// Version is set to 1. c is updated in place with what was stored.
	// Errors: *customer.ValidationError; ErrConflict when the ID, the e-mail
	// (by customer.EmailKey) or the external ID is taken.
	CreateCustomer(ctx context.Context, c *customer.Customer) error
	// CreateCustomers creates a batch as CreateCustomer does, all or nothing;
	// duplicates within the batch are conflicts too.
	CreateCustomers(ctx context.Context, cs []*customer.Customer) error
	// GetCustomer returns the profile with the ID. Errors: ErrNotFound.
	GetCustomer(ctx context.Context, id uuid.UUID) (customer.Customer, error)
	// GetCustomerByEmail finds a profile by e-mail, compared by
	// customer.EmailKey. Errors: ErrNotFound.
	GetCustomerByEmail(ctx context.Context, email string) (customer.Customer, error)
	// GetCustomerByExternalID finds a profile by the shop's own ID. Errors: ErrNotFound.
	GetCustomerByExternalID(ctx context.Context, externalID string) (customer.Customer, error)
	// UpdateCustomer replaces the stored profile with c when c.Version equals
	// the stored version; it then increments c.Version, sets c.UpdatedAt to the
	// current time and keeps the stored CreatedAt. Errors: ErrNotFound;
	// ErrConflict for a stale version or an e-mail/external ID taken by
	// another profile; *customer.ValidationError.
	UpdateCustomer(ctx context.Context, c *customer.Customer) error
	// DeleteCustomer removes the profile and all its behaviour events. Its
	// orders and returns are kept as financial records and still carry the
	// customer ID. Errors: ErrNotFound.
	DeleteCustomer(ctx context.Context, id uuid.UUID) error
	// MergeCustomers folds the profile dropID into keepID (customer.Merge),
	// moves the dropped profile's orders, returns and events to keepID and
	// deletes the dropped profile, all in one atomic step. It returns the
	// merged profile with its version incremented. Errors: ErrNotFound for
	// either ID; ErrConflict when the IDs are equal.
	MergeCustomers(ctx context.Context, keepID, dropID uuid.UUID) (customer.Customer, error)
	// Customers scans profiles matching f, ordered by (CreatedAt, ID)
	// ascending. Errors are yielded: ErrBadCursor, backend failures.
	Customers(ctx context.Context, f CustomerFilter) iter.Seq2[customer.Customer, error]
}

// OrderStore keeps orders and their returns.
type OrderStore interface {
	// CreateOrder validates o and stores it; a nil ID is replaced, zero
	// UpdatedAt becomes the current time and Version is set to 1. The
	// customer need not exist in the store (imports may bring orders first).
	// Errors: *order.ValidationError; ErrConflict when the ID or Number is taken.
	CreateOrder(ctx context.Context, o *order.Order) error
	// CreateOrders creates a batch as CreateOrder does, all or nothing.
	CreateOrders(ctx context.Context, os []*order.Order) error
	// GetOrder returns the order with the ID. Errors: ErrNotFound.
	GetOrder(ctx context.Context, id uuid.UUID) (order.Order, error)
	// GetOrderByNumber returns the order with the shop's order number. Errors: ErrNotFound.
	GetOrderByNumber(ctx context.Context, number string) (order.Order, error)
	// UpdateOrder replaces the stored order when o.Version equals the stored
	// version and the status change, if any, is allowed by the life cycle;
	// it increments o.Version and sets o.UpdatedAt. Number and CustomerID
	// cannot change. Errors: ErrNotFound; ErrConflict (stale version, changed
	// number or customer); *order.TransitionError; *order.ValidationError.
	UpdateOrder(ctx context.Context, o *order.Order) error
	// DeleteOrder removes the order and its returns. Errors: ErrNotFound.
	DeleteOrder(ctx context.Context, id uuid.UUID) error
	// Orders scans orders matching f, ordered by (PlacedAt, ID), ascending
	// or, with f.Desc, descending.
	Orders(ctx context.Context, f OrderFilter) iter.Seq2[order.Order, error]

	// CreateReturn validates r against its order and the order's earlier
	// returns (order.Return.ValidateAgainst) and stores it; a nil ID is
	// replaced, Version set to 1. Errors: ErrNotFound when the order does
	// not exist; *order.ValidationError; ErrConflict when the ID is taken.
	CreateReturn(ctx context.Context, r *order.Return) error
	// GetReturn returns the return with the ID. Errors: ErrNotFound.
	GetReturn(ctx context.Context, id uuid.UUID) (order.Return, error)
	// UpdateReturn replaces the stored return when r.Version matches (status
	// and resolution changes); it increments r.Version. OrderID and
	// CustomerID cannot change. Errors: ErrNotFound; ErrConflict;
	// *order.ValidationError.
	UpdateReturn(ctx context.Context, r *order.Return) error
	// Returns scans returns matching f, ordered by (RequestedAt, ID) ascending.
	Returns(ctx context.Context, f ReturnFilter) iter.Seq2[order.Return, error]
}

// ProductStore keeps the product reference records.
type ProductStore interface {
	// UpsertProducts validates and stores products, replacing any with the
	// same ID, all or nothing. Zero UpdatedAt becomes the current time.
	// Errors: *order.ValidationError.
	UpsertProducts(ctx context.Context, ps []order.Product) error
	// GetProduct returns the product with the ID. Errors: ErrNotFound.
	GetProduct(ctx context.Context, id string) (order.Product, error)
	// Products scans products matching f, ordered by ID ascending (byte order).
	Products(ctx context.Context, f ProductFilter) iter.Seq2[order.Product, error]
}

// EventStore keeps behaviour events, an append-only log.
type EventStore interface {
	// AppendEvents validates and stores a batch of events, all or nothing.
	// Nil IDs are replaced by new (time-ordered, version 7) UUIDs.
	// Errors: *behavior.ValidationError; ErrConflict for an ID already stored
	// or repeated in the batch.
	AppendEvents(ctx context.Context, es []behavior.Event) error
	// Events scans events matching f, ordered by (At, ID), ascending or,
	// with f.Desc, descending.
	Events(ctx context.Context, f EventFilter) iter.Seq2[behavior.Event, error]
}
