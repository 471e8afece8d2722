package encrypted

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// prepare normalises and validates a copy of c, so that validation errors
// name the plaintext field and value, as the inner store would have.
func prepare(c *customer.Customer) (customer.Customer, error) {
	p := c.Clone()
	p.Normalize()
	if err := p.Validate(); err != nil {
		return customer.Customer{}, err
	}
	return p, nil
}

// plainOf returns what a write stored, in plaintext: the inner store's copy
// e (with its ID, times and version) carrying p's personal data.
func plainOf(e customer.Customer, p customer.Customer) customer.Customer {
	out := e.Clone()
	out.Email, out.Phone, out.Addresses, out.Attributes = p.Email, p.Phone, p.Addresses, p.Attributes
	if len(out.Attributes) == 0 {
		out.Attributes = nil
	}
	return out
}

// CreateCustomer implements store.CustomerStore: c is validated in
// plaintext, encrypted under the primary key and stored by the inner store.
// Errors: as the inner store's, and ErrConflict for an e-mail held by a
// profile still indexed under an older index key.
func (w *encStore) CreateCustomer(ctx context.Context, c *customer.Customer) error {
	p, err := prepare(c)
	if err != nil {
		return err
	}
	if p.ID == uuid.Nil {
		p.ID = uuid.New() // the ID is bound into the ciphertext, so it is chosen here
	}
	e, err := w.encode(p, 1)
	if err != nil {
		return err
	}
	w.merging.RLock()
	defer w.merging.RUnlock()
	if err := w.checkOldIndex(ctx, p.ID, p.Email); err != nil {
		return err
	}
	if err := w.inner.CreateCustomer(ctx, &e); err != nil {
		return err
	}
	*c = plainOf(e, p)
	return nil
}

// CreateCustomers implements store.CustomerStore, all or nothing.
func (w *encStore) CreateCustomers(ctx context.Context, cs []*customer.Customer) error {
	ps := make([]customer.Customer, len(cs))
	es := make([]*customer.Customer, len(cs))
	for i, c := range cs {
		p, err := prepare(c)
		if err != nil {
			return fmt.Errorf("customer %d: %w", i, err)
		}
		if p.ID == uuid.Nil {
			p.ID = uuid.New()
		}
		e, err := w.encode(p, 1)
		if err != nil {
			return fmt.Errorf("customer %d: %w", i, err)
		}
		ps[i], es[i] = p, &e
	}
	w.merging.RLock()
	defer w.merging.RUnlock()
	for i := range ps {
		if err := w.checkOldIndex(ctx, ps[i].ID, ps[i].Email); err != nil {
			return fmt.Errorf("customer %d: %w", i, err)
		}
	}
	if err := w.inner.CreateCustomers(ctx, es); err != nil {
		return err
	}
	for i, c := range cs {
		*c = plainOf(*es[i], ps[i])
	}
	return nil
}

// GetCustomer implements store.CustomerStore. Errors: the inner store's;
// ErrUnknownKey, ErrAuthentication, ErrMalformed, ErrInconsistent,
// ErrNotEncrypted when the profile cannot be decrypted.
func (w *encStore) GetCustomer(ctx context.Context, id uuid.UUID) (customer.Customer, error) {
	r, err := w.inner.GetCustomer(ctx, id)
	if err != nil {
		return customer.Customer{}, err
	}
	c, _, err := w.decode(r)
	return c, err
}

// GetCustomerByEmail implements store.CustomerStore through the blind
// index: the e-mail's token under the current index key, then under older
// ones. The error for a miss does not repeat the address.
func (w *encStore) GetCustomerByEmail(ctx context.Context, email string) (customer.Customer, error) {
	for _, k := range w.keys.indexKeys() {
		r, err := w.inner.GetCustomerByEmail(ctx, emailToken(k, email))
		if err == nil {
			c, _, err := w.decode(r)
			return c, err
		}
		if !errors.Is(err, store.ErrNotFound) {
			return customer.Customer{}, err
		}
	}
	if w.opts.AllowPlaintext {
		r, err := w.inner.GetCustomerByEmail(ctx, email)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return customer.Customer{}, err
		}
		if err == nil && !isToken(r.Email) {
			c, _, err := w.decode(r)
			return c, err
		}
	}
	return customer.Customer{}, fmt.Errorf("%w: no customer with that e-mail", store.ErrNotFound)
}

// GetCustomerByExternalID implements store.CustomerStore.
func (w *encStore) GetCustomerByExternalID(ctx context.Context, externalID string) (customer.Customer, error) {
	r, err := w.inner.GetCustomerByExternalID(ctx, externalID)
	if err != nil {
		return customer.Customer{}, err
	}
	c, _, err := w.decode(r)
	return c, err
}

// UpdateCustomer implements store.CustomerStore. The profile is encrypted
// afresh under the primary key, and any state a merge left is folded in.
func (w *encStore) UpdateCustomer(ctx context.Context, c *customer.Customer) error {
	p, err := prepare(c)
	if err != nil {
		return err
	}
	e, err := w.encode(p, p.Version+1)
	if err != nil {
		return err
	}
	w.merging.RLock()
	defer w.merging.RUnlock()
	if err := w.checkOldIndex(ctx, p.ID, p.Email); err != nil {
		return err
	}
	if err := w.inner.UpdateCustomer(ctx, &e); err != nil {
		return err
	}
	*c = plainOf(e, p)
	return nil
}

// DeleteCustomer implements store.CustomerStore.
func (w *encStore) DeleteCustomer(ctx context.Context, id uuid.UUID) error {
	w.merging.RLock()
	defer w.merging.RUnlock()
	return w.inner.DeleteCustomer(ctx, id)
}

// Customers implements store.CustomerStore, decrypting every profile. A
// filter by e-mail becomes a filter by its tokens.
func (w *encStore) Customers(ctx context.Context, f store.CustomerFilter) iter.Seq2[customer.Customer, error] {
	if f.Email != "" {
		return w.customersByEmail(ctx, f)
	}
	return func(yield func(customer.Customer, error) bool) {
		for r, err := range w.inner.Customers(ctx, f) {
			if err != nil {
				yield(customer.Customer{}, err)
				return
			}
			c, _, err := w.decode(r)
			if !yield(c, err) || err != nil {
				return
			}
		}
	}
}

// customersByEmail scans for the e-mail's token under every index key (and
// the plaintext address under AllowPlaintext). Uniqueness leaves at most
// one profile per key, so the matches are gathered and put in scan order.
func (w *encStore) customersByEmail(ctx context.Context, f store.CustomerFilter) iter.Seq2[customer.Customer, error] {
	return func(yield func(customer.Customer, error) bool) {
		var found []customer.Customer
		scan := func(email string, plainOnly bool) error {
			g := f
			g.Email = email
			for r, err := range w.inner.Customers(ctx, g) {
				if err != nil {
					return err
				}
				if plainOnly && isToken(r.Email) {
					continue
				}
				c, _, err := w.decode(r)
				if err != nil {
					return err
				}
				found = append(found, c)
			}
			return nil
		}
		for _, k := range w.keys.indexKeys() {
			if err := scan(emailToken(k, f.Email), false); err != nil {
				yield(customer.Customer{}, err)
				return
			}
		}
		if w.opts.AllowPlaintext {
			if err := scan(f.Email, true); err != nil {
				yield(customer.Customer{}, err)
				return
			}
		}
		slices.SortFunc(found, func(a, b customer.Customer) int {
			if !a.CreatedAt.Equal(b.CreatedAt) {
				return a.CreatedAt.Compare(b.CreatedAt)
			}
			return store.CompareIDs(a.ID, b.ID)
		})
		for i, c := range found {
			if f.Limit > 0 && i == f.Limit {
				return
			}
			if !yield(c, nil) {
				return
			}
		}
	}
}

// checkOldIndex refuses an e-mail that a different profile holds under an
// older index key (or, under AllowPlaintext, in plaintext): the inner
// store's uniqueness sees only tokens under the current key. The check and
// the write are two steps, so two writers racing with the same address
// during a re-index can both succeed; Rotate then reports the pair.
func (w *encStore) checkOldIndex(ctx context.Context, id uuid.UUID, email string) error {
	if email == "" {
		return nil
	}
	var probes []string
	for _, k := range w.keys.oldIndex {
		probes = append(probes, emailToken(k, email))
	}
	if w.opts.AllowPlaintext {
		probes = append(probes, email)
	}
	for _, probe := range probes {
		r, err := w.inner.GetCustomerByEmail(ctx, probe)
		switch {
		case errors.Is(err, store.ErrNotFound):
		case err != nil:
			return err
		case r.ID != id:
			return fmt.Errorf("%w: the e-mail is taken by customer %s", store.ErrConflict, r.ID)
		}
	}
	return nil
}
