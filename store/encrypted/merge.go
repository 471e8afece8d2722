package encrypted

import (
	"context"
	"fmt"

	"github.com/crmkit/crmkit/customer"
	"github.com/google/uuid"
)

// MergeCustomers implements store.CustomerStore. The inner store's merge is
// the one atomic step that moves orders, returns and events and deletes the
// dropped profile, but it merges what it holds — tokens and ciphertexts, and
// a ciphertext bound to the dropped profile cannot be read as the kept
// one's. So before it runs, the dropped profile is rewritten to carry, next
// to its own state, a copy of that state encrypted for the kept profile and
// stamped with the version the merge will give it. The inner merge moves
// that copy across with the other attributes, and reads fold it into the
// kept profile's state by customer.Merge, exactly as the plaintext fields
// would have merged. The rewrite of the dropped profile is one extra write
// (and one journal change); if the merge then fails, the copy is inert —
// it names a profile other than its holder — and the next write drops it.
//
// Within this process merges are serialised against all customer writes,
// so nothing replaces the dropped profile between the two steps. Under
// AllowPlaintext an unencrypted kept profile is encrypted first, which
// costs it one more version.
func (w *encStore) MergeCustomers(ctx context.Context, keepID, dropID uuid.UUID) (customer.Customer, error) {
	if keepID == dropID {
		return w.inner.MergeCustomers(ctx, keepID, dropID) // the inner store's ErrConflict
	}
	w.merging.Lock()
	defer w.merging.Unlock()
	keepR, err := w.inner.GetCustomer(ctx, keepID)
	if err != nil {
		return customer.Customer{}, err
	}
	dropR, err := w.inner.GetCustomer(ctx, dropID)
	if err != nil {
		return customer.Customer{}, err
	}
	keep, keepInfo, err := w.decode(keepR)
	if err != nil {
		return customer.Customer{}, err
	}
	drop, _, err := w.decode(dropR)
	if err != nil {
		return customer.Customer{}, err
	}
	if keepInfo.plaintext {
		e, err := w.encode(keep, keep.Version+1)
		if err != nil {
			return customer.Customer{}, err
		}
		if err := w.inner.UpdateCustomer(ctx, &e); err != nil {
			return customer.Customer{}, fmt.Errorf("encrypted: merge: encrypt customer %s first: %w", keepID, err)
		}
		keepR = e
	}
	e, err := w.encode(drop, drop.Version+1)
	if err != nil {
		return customer.Customer{}, err
	}
	st, _ := split(&drop)
	if err := w.keys.sealState(e.Attributes, kindMerge, keepID, dropID, keepR.Version+1, st); err != nil {
		return customer.Customer{}, err
	}
	if err := w.inner.UpdateCustomer(ctx, &e); err != nil {
		return customer.Customer{}, fmt.Errorf("encrypted: merge: hand customer %s's encrypted data to %s: %w", dropID, keepID, err)
	}
	m, err := w.inner.MergeCustomers(ctx, keepID, dropID)
	if err != nil {
		return customer.Customer{}, err
	}
	c, _, err := w.decode(m)
	return c, err
}
