package access

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// maskFor masks c unless pr reads personal data.
func (g *guard) maskFor(pr Principal, c customer.Customer) customer.Customer {
	if g.seesPII(pr) {
		return c
	}
	return MaskCustomer(c)
}

// checkPIIWrite refuses a profile write that sets or changes personal data
// when pr lacks PII write.
func (g *guard) checkPIIWrite(pr Principal, c, old customer.Customer) error {
	if !g.policy.Allows(pr, ResourcePII, ActionWrite) && changesPII(c, old) {
		return g.forbid(pr, ResourcePII, ActionWrite)
	}
	return nil
}

// CreateCustomer needs customers write, and PII write when c carries
// personal data. For a principal without PII read, c is masked afterwards.
func (g *guard) CreateCustomer(ctx context.Context, c *customer.Customer) error {
	pr, err := g.check(ctx, ResourceCustomers, ActionWrite)
	if err != nil {
		return err
	}
	if err := g.checkPIIWrite(pr, *c, customer.Customer{}); err != nil {
		return err
	}
	if err := g.inner.CreateCustomer(ctx, c); err != nil {
		return err
	}
	*c = g.maskFor(pr, *c)
	return nil
}

// CreateCustomers checks as CreateCustomer does, for the whole batch before
// anything is written.
func (g *guard) CreateCustomers(ctx context.Context, cs []*customer.Customer) error {
	if len(cs) == 0 {
		if _, err := g.present(ctx, ResourceCustomers, ActionWrite); err != nil {
			return err
		}
		return g.inner.CreateCustomers(ctx, cs)
	}
	pr, err := g.check(ctx, ResourceCustomers, ActionWrite)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if err := g.checkPIIWrite(pr, *c, customer.Customer{}); err != nil {
			return err
		}
	}
	if err := g.inner.CreateCustomers(ctx, cs); err != nil {
		return err
	}
	for _, c := range cs {
		*c = g.maskFor(pr, *c)
	}
	return nil
}

// GetCustomer needs customers read; the profile is masked for a principal
// without PII read.
func (g *guard) GetCustomer(ctx context.Context, id uuid.UUID) (customer.Customer, error) {
	pr, err := g.check(ctx, ResourceCustomers, ActionRead)
	if err != nil {
		return customer.Customer{}, err
	}
	c, err := g.inner.GetCustomer(ctx, id)
	if err != nil {
		return customer.Customer{}, err
	}
	return g.maskFor(pr, c), nil
}

// GetCustomerByEmail needs customers read and PII read: a lookup by e-mail
// would otherwise tell a masked principal whose address it is.
func (g *guard) GetCustomerByEmail(ctx context.Context, email string) (customer.Customer, error) {
	if _, err := g.check(ctx, ResourceCustomers, ActionRead); err != nil {
		return customer.Customer{}, err
	}
	if _, err := g.check(ctx, ResourcePII, ActionRead); err != nil {
		return customer.Customer{}, err
	}
	return g.inner.GetCustomerByEmail(ctx, email)
}

// GetCustomerByExternalID needs customers read, and PII read as well when
// the external ID is personal (an e-mail or phone number, see
// PersonalExternalID). The profile is masked for a principal without PII read.
func (g *guard) GetCustomerByExternalID(ctx context.Context, externalID string) (customer.Customer, error) {
	pr, err := g.check(ctx, ResourceCustomers, ActionRead)
	if err != nil {
		return customer.Customer{}, err
	}
	if PersonalExternalID(externalID) && !g.seesPII(pr) {
		return customer.Customer{}, g.forbid(pr, ResourcePII, ActionRead)
	}
	c, err := g.inner.GetCustomerByExternalID(ctx, externalID)
	if err != nil {
		return customer.Customer{}, err
	}
	return g.maskFor(pr, c), nil
}

// UpdateCustomer needs customers write. For a principal without PII read,
// masked values sent back are replaced by the stored ones before writing, and
// c is masked again afterwards; changing personal data needs PII write.
// Errors: those of the store; *ForbiddenError; store.ErrConflict when
// c.Version is not the stored version, checked before restoring so that
// no value from another version is written back.
func (g *guard) UpdateCustomer(ctx context.Context, c *customer.Customer) error {
	pr, err := g.check(ctx, ResourceCustomers, ActionWrite)
	if err != nil {
		return err
	}
	if g.seesPII(pr) && g.policy.Allows(pr, ResourcePII, ActionWrite) {
		// Nothing to restore and nothing to refuse: a plain update.
		return g.inner.UpdateCustomer(ctx, c)
	}
	stored, err := g.inner.GetCustomer(ctx, c.ID)
	if err != nil {
		return err
	}
	if stored.Version != c.Version {
		// Restoring masked fields from a different version than the one
		// written over could bring back data changed in between.
		return fmt.Errorf("%w: customer %s is at version %d, the update carries %d", store.ErrConflict, c.ID, stored.Version, c.Version)
	}
	u := c.Clone()
	if !g.seesPII(pr) {
		restoreCustomer(&u, stored)
	}
	if err := g.checkPIIWrite(pr, u, stored); err != nil {
		return err
	}
	if err := g.inner.UpdateCustomer(ctx, &u); err != nil {
		if !g.seesPII(pr) {
			return scrubValidation(err)
		}
		return err
	}
	*c = g.maskFor(pr, u)
	return nil
}

// DeleteCustomer needs customers delete (the profile's events go with it).
func (g *guard) DeleteCustomer(ctx context.Context, id uuid.UUID) error {
	if _, err := g.check(ctx, ResourceCustomers, ActionDelete); err != nil {
		return err
	}
	return g.inner.DeleteCustomer(ctx, id)
}

// MergeCustomers needs customers write and delete (the dropped profile is
// deleted). The merged profile is masked for a principal without PII read.
func (g *guard) MergeCustomers(ctx context.Context, keepID, dropID uuid.UUID) (customer.Customer, error) {
	pr, err := g.check(ctx, ResourceCustomers, ActionWrite, ActionDelete)
	if err != nil {
		return customer.Customer{}, err
	}
	c, err := g.inner.MergeCustomers(ctx, keepID, dropID)
	if err != nil {
		return customer.Customer{}, err
	}
	return g.maskFor(pr, c), nil
}

// Customers needs customers read, and PII read when filtering by e-mail.
// Every profile is masked for a principal without PII read.
func (g *guard) Customers(ctx context.Context, f store.CustomerFilter) iter.Seq2[customer.Customer, error] {
	pr, err := g.check(ctx, ResourceCustomers, ActionRead)
	if err != nil {
		return errSeq[customer.Customer](err)
	}
	if f.Email != "" && !g.seesPII(pr) {
		return errSeq[customer.Customer](g.forbid(pr, ResourcePII, ActionRead))
	}
	seq := g.inner.Customers(ctx, f)
	if g.seesPII(pr) {
		return seq
	}
	return func(yield func(customer.Customer, error) bool) {
		for c, err := range seq {
			if err != nil {
				yield(customer.Customer{}, err)
				return
			}
			if !yield(MaskCustomer(c), nil) {
				return
			}
		}
	}
}

// scrubValidation hides the value in a validation error about a personal
// field: after restoring, that value may be stored data the caller must
// not see.
func scrubValidation(err error) error {
	var ve *customer.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	f := ve.Field
	personal := strings.HasPrefix(f, "addresses") ||
		(strings.HasPrefix(f, "attributes.") && IsPersonalAttribute(strings.TrimPrefix(f, "attributes.")))
	for _, p := range []string{"email", "phone", "first_name", "last_name", "external_id"} {
		personal = personal || f == p
	}
	if !personal || ve.Value == "" {
		return err
	}
	return &customer.ValidationError{Field: ve.Field, Value: Redacted, Reason: ve.Reason}
}
