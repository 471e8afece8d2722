package encrypted

import (
	"context"
	"errors"
	"fmt"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// Rotator is implemented by every store Wrap returns.
type Rotator interface {
	// Rotate rewrites every profile that is not yet in the current form:
	// encrypted under a key other than the primary, indexed under an older
	// index key, holding a merged profile's state, or (under
	// AllowPlaintext) not encrypted at all. A rewritten profile's Version
	// goes up by one and its UpdatedAt is set, as with any update.
	// Profiles already current are only read, so a run that stopped —
	// cancelled, or failed on a profile it cannot decrypt — can be started
	// again from the beginning, or from RotateReport.Cursor to skip what
	// it has seen. Errors: ctx's error; ErrUnknownKey, ErrAuthentication
	// and the other decryption errors, naming the profile; the inner
	// store's. The report counts what was done up to the error.
	Rotate(ctx context.Context, opts *RotateOptions) (RotateReport, error)
}

// RotateOptions adjust Rotate; nil means the defaults.
type RotateOptions struct {
	// After resumes a run after the profile this cursor names
	// (RotateReport.Cursor of an earlier run).
	After string
	// PageSize is how many profiles are read at a time (default 200).
	PageSize int
	// Progress, when set, is called after every page with the counts so far.
	Progress func(RotateReport)
}

// RotateReport counts what Rotate did.
type RotateReport struct {
	Scanned     int `json:"scanned"`     // profiles read
	Current     int `json:"current"`     // already under the primary and index keys: left alone
	Rewritten   int `json:"rewritten"`   // profiles written again (each of the next four may apply)
	Reencrypted int `json:"reencrypted"` // had ciphertext under an older key
	Reindexed   int `json:"reindexed"`   // had an e-mail token under an older index key
	Encrypted   int `json:"encrypted"`   // were not encrypted at all (AllowPlaintext)
	Compacted   int `json:"compacted"`   // held a merged profile's state, now folded in
	Vanished    int `json:"vanished"`    // deleted while the run went on
	// Conflicts lists profiles whose e-mail, under the current index key,
	// is held by another profile (written during a re-index, see
	// Options.AllowPlaintext and KeyringConfig.OldIndex): they stay under
	// the older index key until the duplicate is resolved.
	Conflicts []uuid.UUID `json:"conflicts,omitempty"`
	// Cursor names the last profile handled, for RotateOptions.After.
	Cursor string `json:"cursor,omitempty"`
}

// Rotate runs the Rotator of a store made by Wrap. Errors: those of
// Rotator.Rotate; ErrNotEncryptingStore for any other store.
func Rotate(ctx context.Context, st store.Store, opts *RotateOptions) (RotateReport, error) {
	r, ok := st.(Rotator)
	if !ok {
		return RotateReport{}, ErrNotEncryptingStore
	}
	return r.Rotate(ctx, opts)
}

// Rotate implements Rotator.
func (w *encStore) Rotate(ctx context.Context, opts *RotateOptions) (RotateReport, error) {
	var o RotateOptions
	if opts != nil {
		o = *opts
	}
	if o.PageSize <= 0 {
		o.PageSize = 200
	}
	rep := RotateReport{Cursor: o.After}
	for {
		// A page is read in full before any write, so no scan is open
		// while the inner store writes.
		var page []customer.Customer
		for r, err := range w.inner.Customers(ctx, store.CustomerFilter{After: rep.Cursor, Limit: o.PageSize}) {
			if err != nil {
				return rep, err
			}
			page = append(page, r)
		}
		for _, r := range page {
			if err := ctx.Err(); err != nil {
				return rep, err
			}
			rep.Scanned++
			if err := w.rotateOne(ctx, r, &rep); err != nil {
				return rep, err
			}
			rep.Cursor = store.CustomerCursor(r)
		}
		if o.Progress != nil && len(page) > 0 {
			o.Progress(rep)
		}
		if len(page) < o.PageSize {
			return rep, nil
		}
	}
}

// rotateOne brings one profile to the current form, re-reading it when a
// concurrent write made the version stale.
func (w *encStore) rotateOne(ctx context.Context, r customer.Customer, rep *RotateReport) error {
	for attempt := 0; ; attempt++ {
		p, info, err := w.decode(r)
		if err != nil {
			return err
		}
		if !info.plaintext && !info.oldKey && !info.oldIndex && !info.merged {
			rep.Current++
			return nil
		}
		e, err := w.encode(p, r.Version+1)
		if err != nil {
			return fmt.Errorf("encrypted: rotate customer %s: %w", r.ID, err)
		}
		w.merging.RLock()
		err = w.inner.UpdateCustomer(ctx, &e)
		w.merging.RUnlock()
		if err == nil {
			rep.Rewritten++
			count(&rep.Reencrypted, info.oldKey)
			count(&rep.Reindexed, info.oldIndex)
			count(&rep.Encrypted, info.plaintext)
			count(&rep.Compacted, info.merged)
			return nil
		}
		if !errors.Is(err, store.ErrConflict) {
			return fmt.Errorf("encrypted: rotate customer %s: %w", r.ID, err)
		}
		again, gerr := w.inner.GetCustomer(ctx, r.ID)
		switch {
		case errors.Is(gerr, store.ErrNotFound):
			rep.Vanished++
			return nil
		case gerr != nil:
			return gerr
		case again.Version == r.Version || attempt == 3:
			// Not a stale version: the new token is taken by another profile.
			rep.Conflicts = append(rep.Conflicts, r.ID)
			return nil
		}
		r = again
	}
}

func count(n *int, yes bool) {
	if yes {
		*n++
	}
}
