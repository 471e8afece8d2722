package store

import (
	"fmt"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/google/uuid"
)

// The Prepare functions hold the store boundary's rules — normalisation,
// validation, IDs, timestamps, versions, life-cycle checks — so that every
// backend applies them identically. Each works on a copy and returns the
// record to store; the caller's value changes only once the write succeeded.

// Timestamp returns t as stores keep it: UTC, truncated to the microsecond.
func Timestamp(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Microsecond)
}

// PrepareNewCustomer returns the profile to create from c.
func PrepareNewCustomer(c customer.Customer, now time.Time) (customer.Customer, error) {
	c = c.Clone()
	c.Normalize()
	if err := c.Validate(); err != nil {
		return customer.Customer{}, err
	}
	if c.ID == uuid.Nil {
		c.ID = uuid.New()
	}
	now = Timestamp(now)
	if c.CreatedAt.IsZero() {
		c.CreatedAt = now
	}
	if c.UpdatedAt.IsZero() {
		c.UpdatedAt = c.CreatedAt
	}
	c.Version = 1
	normalizeCustomerTimes(&c)
	return c, nil
}

// PrepareCustomerUpdate returns the profile that replaces stored. Errors:
// ErrConflict for a stale version; *customer.ValidationError.
func PrepareCustomerUpdate(c customer.Customer, stored customer.Customer, now time.Time) (customer.Customer, error) {
	if c.Version != stored.Version {
		return customer.Customer{}, fmt.Errorf("%w: customer %s is at version %d, the update carries %d", ErrConflict, c.ID, stored.Version, c.Version)
	}
	c = c.Clone()
	c.Normalize()
	if err := c.Validate(); err != nil {
		return customer.Customer{}, err
	}
	c.CreatedAt = stored.CreatedAt
	c.UpdatedAt = Timestamp(now)
	c.Version = stored.Version + 1
	normalizeCustomerTimes(&c)
	return c, nil
}

func normalizeCustomerTimes(c *customer.Customer) {
	c.CreatedAt = Timestamp(c.CreatedAt)
	c.UpdatedAt = Timestamp(c.UpdatedAt)
	for i := range c.Consents {
		c.Consents[i].At = Timestamp(c.Consents[i].At)
	}
}

// PrepareMerge returns the merged profile for MergeCustomers.
func PrepareMerge(keep, drop customer.Customer, now time.Time) (customer.Customer, error) {
	if keep.ID == drop.ID {
		return customer.Customer{}, fmt.Errorf("%w: cannot merge customer %s into itself", ErrConflict, keep.ID)
	}
	m := customer.Merge(keep, drop)
	// The dropped profile's e-mail and external ID go with it, so the merged
	// profile may keep them even though they were "taken".
	m.Normalize()
	if err := m.Validate(); err != nil {
		return customer.Customer{}, err
	}
	m.UpdatedAt = Timestamp(now)
	m.Version = keep.Version + 1
	normalizeCustomerTimes(&m)
	return m, nil
}

// PrepareNewOrder returns the order to create from o.
func PrepareNewOrder(o order.Order, now time.Time) (order.Order, error) {
	o = o.Clone()
	if err := o.Validate(); err != nil {
		return order.Order{}, err
	}
	if o.ID == uuid.Nil {
		o.ID = uuid.New()
	}
	if o.UpdatedAt.IsZero() {
		o.UpdatedAt = now
	}
	o.Version = 1
	normalizeOrderTimes(&o)
	return o, nil
}

// PrepareOrderUpdate returns the order that replaces stored. Errors:
// ErrConflict (stale version, changed number or customer);
// *order.TransitionError; *order.ValidationError.
func PrepareOrderUpdate(o order.Order, stored order.Order, now time.Time) (order.Order, error) {
	if o.Version != stored.Version {
		return order.Order{}, fmt.Errorf("%w: order %s is at version %d, the update carries %d", ErrConflict, o.Number, stored.Version, o.Version)
	}
	if o.Number != stored.Number {
		return order.Order{}, fmt.Errorf("%w: order %s: the number cannot change (to %q)", ErrConflict, stored.Number, o.Number)
	}
	if o.CustomerID != stored.CustomerID {
		return order.Order{}, fmt.Errorf("%w: order %s: the customer cannot change", ErrConflict, stored.Number)
	}
	if o.Status != stored.Status && !order.CanTransition(stored.Status, o.Status) {
		return order.Order{}, &order.TransitionError{OrderNumber: stored.Number, From: stored.Status, To: o.Status}
	}
	o = o.Clone()
	if err := o.Validate(); err != nil {
		return order.Order{}, err
	}
	o.UpdatedAt = now
	o.Version = stored.Version + 1
	normalizeOrderTimes(&o)
	return o, nil
}

func normalizeOrderTimes(o *order.Order) {
	for _, t := range []*time.Time{&o.PlacedAt, &o.PaidAt, &o.ShippedAt, &o.DeliveredAt, &o.CancelledAt, &o.UpdatedAt} {
		*t = Timestamp(*t)
	}
}

// PrepareNewReturn returns the return to create from r, checked against its
// order and the order's earlier returns.
func PrepareNewReturn(r order.Return, o order.Order, previous []order.Return, now time.Time) (order.Return, error) {
	r = r.Clone()
	if err := r.ValidateAgainst(&o, previous); err != nil {
		return order.Return{}, err
	}
	if r.ID == uuid.Nil {
		r.ID = uuid.New()
	}
	if r.UpdatedAt.IsZero() {
		r.UpdatedAt = now
	}
	r.Version = 1
	normalizeReturnTimes(&r)
	return r, nil
}

// PrepareReturnUpdate returns the return that replaces stored. Errors:
// ErrConflict (stale version, changed order or customer); *order.ValidationError.
func PrepareReturnUpdate(r order.Return, stored order.Return, now time.Time) (order.Return, error) {
	if r.Version != stored.Version {
		return order.Return{}, fmt.Errorf("%w: return %s is at version %d, the update carries %d", ErrConflict, r.ID, stored.Version, r.Version)
	}
	if r.OrderID != stored.OrderID || r.CustomerID != stored.CustomerID {
		return order.Return{}, fmt.Errorf("%w: return %s: the order and customer cannot change", ErrConflict, r.ID)
	}
	r = r.Clone()
	if err := r.Validate(); err != nil {
		return order.Return{}, err
	}
	r.UpdatedAt = now
	r.Version = stored.Version + 1
	normalizeReturnTimes(&r)
	return r, nil
}

func normalizeReturnTimes(r *order.Return) {
	r.RequestedAt = Timestamp(r.RequestedAt)
	r.ResolvedAt = Timestamp(r.ResolvedAt)
	r.UpdatedAt = Timestamp(r.UpdatedAt)
}

// PrepareProduct returns the product to store from p.
func PrepareProduct(p order.Product, now time.Time) (order.Product, error) {
	if err := p.Validate(); err != nil {
		return order.Product{}, err
	}
	if p.UpdatedAt.IsZero() {
		p.UpdatedAt = now
	}
	p.UpdatedAt = Timestamp(p.UpdatedAt)
	return p, nil
}

// PrepareEvents validates a batch of events and returns the copies to store,
// with new version-7 IDs where the ID was nil. Errors:
// *behavior.ValidationError; ErrConflict when an ID repeats in the batch.
func PrepareEvents(es []behavior.Event) ([]behavior.Event, error) {
	out := make([]behavior.Event, len(es))
	seen := make(map[uuid.UUID]struct{}, len(es))
	for i, e := range es {
		if err := e.Validate(); err != nil {
			return nil, fmt.Errorf("event %d: %w", i, err)
		}
		e = e.Clone()
		if e.ID == uuid.Nil {
			id, err := uuid.NewV7()
			if err != nil {
				return nil, err
			}
			e.ID = id
		}
		if _, dup := seen[e.ID]; dup {
			return nil, fmt.Errorf("%w: event %s repeats in the batch", ErrConflict, e.ID)
		}
		seen[e.ID] = struct{}{}
		e.At = Timestamp(e.At)
		out[i] = e
	}
	return out, nil
}
