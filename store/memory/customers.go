package memory

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"slices"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// CreateCustomer implements store.CustomerStore.
func (s *Store) CreateCustomer(ctx context.Context, c *customer.Customer) error {
	return s.CreateCustomers(ctx, []*customer.Customer{c})
}

// CreateCustomers implements store.CustomerStore: all or nothing.
func (s *Store) CreateCustomers(ctx context.Context, cs []*customer.Customer) error {
	if err := s.lock(ctx); err != nil {
		return err
	}
	defer s.mu.Unlock()
	prepared, err := s.prepareCustomers(cs, store.ConflictFail, false)
	if err != nil {
		return err
	}
	changes := make([]store.Change, len(prepared))
	for i := range prepared {
		if changes[i], err = store.CustomerChange(store.OpCreate, nil, &prepared[i]); err != nil {
			return err
		}
	}
	for i, c := range prepared {
		s.putCustomer(c)
		*cs[i] = c.Clone()
	}
	s.appendChanges(ctx, changes...)
	return nil
}

// prepareCustomers validates a batch and checks it for conflicts with the
// store and within itself. Under ConflictSkip, conflicting records are
// dropped from the result. keepVersions keeps each record's Version (bulk
// loads and restores).
func (s *Store) prepareCustomers(cs []*customer.Customer, policy store.ConflictPolicy, keepVersions bool) ([]customer.Customer, error) {
	now := s.now()
	out := make([]customer.Customer, 0, len(cs))
	ids := map[uuid.UUID]bool{}
	emails := map[string]bool{}
	externals := map[string]bool{}
	for i, in := range cs {
		c, err := store.PrepareNewCustomer(*in, now)
		if err != nil {
			return nil, fmt.Errorf("customer %d: %w", i, err)
		}
		if keepVersions {
			c.Version = max(in.Version, 1)
		}
		conflict := s.customerConflict(c, ids, emails, externals)
		if conflict != "" {
			if policy == store.ConflictSkip {
				continue
			}
			return nil, fmt.Errorf("%w: customer %d: %s", store.ErrConflict, i, conflict)
		}
		ids[c.ID] = true
		if c.Email != "" {
			emails[customer.EmailKey(c.Email)] = true
		}
		if c.ExternalID != "" {
			externals[c.ExternalID] = true
		}
		out = append(out, c)
	}
	return out, nil
}

// customerConflict names what c collides with, or returns "".
func (s *Store) customerConflict(c customer.Customer, ids map[uuid.UUID]bool, emails, externals map[string]bool) string {
	if _, ok := s.customers[c.ID]; ok || ids[c.ID] {
		return "ID " + c.ID.String() + " is taken"
	}
	if c.Email != "" {
		k := customer.EmailKey(c.Email)
		if _, ok := s.byEmail[k]; ok || emails[k] {
			return "e-mail " + c.Email + " is taken"
		}
	}
	if c.ExternalID != "" {
		if _, ok := s.byExternal[c.ExternalID]; ok || externals[c.ExternalID] {
			return "external ID " + c.ExternalID + " is taken"
		}
	}
	return ""
}

func (s *Store) putCustomer(c customer.Customer) {
	s.customers[c.ID] = c
	if c.Email != "" {
		s.byEmail[customer.EmailKey(c.Email)] = c.ID
	}
	if c.ExternalID != "" {
		s.byExternal[c.ExternalID] = c.ID
	}
}

func (s *Store) removeCustomer(id uuid.UUID) {
	c := s.customers[id]
	if c.Email != "" && s.byEmail[customer.EmailKey(c.Email)] == id {
		delete(s.byEmail, customer.EmailKey(c.Email))
	}
	if c.ExternalID != "" && s.byExternal[c.ExternalID] == id {
		delete(s.byExternal, c.ExternalID)
	}
	delete(s.customers, id)
}

// GetCustomer implements store.CustomerStore.
func (s *Store) GetCustomer(ctx context.Context, id uuid.UUID) (customer.Customer, error) {
	if err := s.rlock(ctx); err != nil {
		return customer.Customer{}, err
	}
	defer s.mu.RUnlock()
	c, ok := s.customers[id]
	if !ok {
		return customer.Customer{}, fmt.Errorf("%w: customer %s", store.ErrNotFound, id)
	}
	return c.Clone(), nil
}

// GetCustomerByEmail implements store.CustomerStore.
func (s *Store) GetCustomerByEmail(ctx context.Context, email string) (customer.Customer, error) {
	if err := s.rlock(ctx); err != nil {
		return customer.Customer{}, err
	}
	defer s.mu.RUnlock()
	id, ok := s.byEmail[customer.EmailKey(email)]
	if !ok {
		return customer.Customer{}, fmt.Errorf("%w: customer with e-mail %q", store.ErrNotFound, email)
	}
	return s.customers[id].Clone(), nil
}

// GetCustomerByExternalID implements store.CustomerStore.
func (s *Store) GetCustomerByExternalID(ctx context.Context, externalID string) (customer.Customer, error) {
	if err := s.rlock(ctx); err != nil {
		return customer.Customer{}, err
	}
	defer s.mu.RUnlock()
	id, ok := s.byExternal[externalID]
	if !ok {
		return customer.Customer{}, fmt.Errorf("%w: customer with external ID %q", store.ErrNotFound, externalID)
	}
	return s.customers[id].Clone(), nil
}

// UpdateCustomer implements store.CustomerStore.
func (s *Store) UpdateCustomer(ctx context.Context, c *customer.Customer) error {
	if err := s.lock(ctx); err != nil {
		return err
	}
	defer s.mu.Unlock()
	stored, ok := s.customers[c.ID]
	if !ok {
		return fmt.Errorf("%w: customer %s", store.ErrNotFound, c.ID)
	}
	next, err := store.PrepareCustomerUpdate(*c, stored, s.now())
	if err != nil {
		return err
	}
	if next.Email != "" {
		if id, ok := s.byEmail[customer.EmailKey(next.Email)]; ok && id != c.ID {
			return fmt.Errorf("%w: e-mail %s belongs to customer %s", store.ErrConflict, next.Email, id)
		}
	}
	if next.ExternalID != "" {
		if id, ok := s.byExternal[next.ExternalID]; ok && id != c.ID {
			return fmt.Errorf("%w: external ID %s belongs to customer %s", store.ErrConflict, next.ExternalID, id)
		}
	}
	change, err := store.CustomerChange(store.OpUpdate, &stored, &next)
	if err != nil {
		return err
	}
	s.removeCustomer(c.ID)
	s.putCustomer(next)
	s.appendChanges(ctx, change)
	*c = next.Clone()
	return nil
}

// DeleteCustomer implements store.CustomerStore.
func (s *Store) DeleteCustomer(ctx context.Context, id uuid.UUID) error {
	if err := s.lock(ctx); err != nil {
		return err
	}
	defer s.mu.Unlock()
	stored, ok := s.customers[id]
	if !ok {
		return fmt.Errorf("%w: customer %s", store.ErrNotFound, id)
	}
	change, err := store.CustomerChange(store.OpDelete, &stored, nil)
	if err != nil {
		return err
	}
	s.appendChanges(ctx, change)
	s.removeCustomer(id)
	for eid, e := range s.events {
		if e.CustomerID == id {
			delete(s.events, eid)
		}
	}
	return nil
}

// MergeCustomers implements store.CustomerStore.
func (s *Store) MergeCustomers(ctx context.Context, keepID, dropID uuid.UUID) (customer.Customer, error) {
	if err := s.lock(ctx); err != nil {
		return customer.Customer{}, err
	}
	defer s.mu.Unlock()
	keep, ok := s.customers[keepID]
	if !ok {
		return customer.Customer{}, fmt.Errorf("%w: customer %s", store.ErrNotFound, keepID)
	}
	drop, ok := s.customers[dropID]
	if !ok {
		return customer.Customer{}, fmt.Errorf("%w: customer %s", store.ErrNotFound, dropID)
	}
	merged, err := store.PrepareMerge(keep, drop, s.now())
	if err != nil {
		return customer.Customer{}, err
	}
	change, err := store.MergeChange(keep, merged, dropID)
	if err != nil {
		return customer.Customer{}, err
	}
	s.appendChanges(ctx, change)
	s.removeCustomer(dropID)
	s.removeCustomer(keepID)
	s.putCustomer(merged)
	for id, o := range s.orders {
		if o.CustomerID == dropID {
			o.CustomerID = keepID
			s.orders[id] = o
		}
	}
	for id, r := range s.returns {
		if r.CustomerID == dropID {
			r.CustomerID = keepID
			s.returns[id] = r
		}
	}
	for id, e := range s.events {
		if e.CustomerID == dropID {
			e.CustomerID = keepID
			s.events[id] = e
		}
	}
	return merged.Clone(), nil
}

// Customers implements store.CustomerStore.
func (s *Store) Customers(ctx context.Context, f store.CustomerFilter) iter.Seq2[customer.Customer, error] {
	return func(yield func(customer.Customer, error) bool) {
		sel, err := s.selectCustomers(ctx, f)
		if err != nil {
			yield(customer.Customer{}, err)
			return
		}
		for _, c := range sel {
			if ctx.Err() != nil {
				yield(customer.Customer{}, ctx.Err())
				return
			}
			if !yield(c, nil) {
				return
			}
		}
	}
}

func (s *Store) selectCustomers(ctx context.Context, f store.CustomerFilter) ([]customer.Customer, error) {
	after, err := parseTimeCursor(f.After)
	if err != nil {
		return nil, err
	}
	if err := s.rlock(ctx); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	var sel []customer.Customer
	for _, c := range s.customers {
		switch {
		case f.Tag != "" && !c.HasTag(f.Tag),
			f.Email != "" && customer.EmailKey(c.Email) != customer.EmailKey(f.Email),
			!f.CreatedFrom.IsZero() && c.CreatedAt.Before(f.CreatedFrom),
			!f.CreatedTo.IsZero() && !c.CreatedAt.Before(f.CreatedTo),
			after != nil && !after.before(c.CreatedAt, c.ID, false):
			continue
		}
		sel = append(sel, c.Clone())
	}
	slices.SortFunc(sel, func(a, b customer.Customer) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), store.CompareIDs(a.ID, b.ID))
	})
	return limit(sel, f.Limit), nil
}
