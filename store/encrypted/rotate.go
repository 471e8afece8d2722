package encrypted

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"

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
	// Workers is how many profiles of a page are rewritten at once
	// (default runtime.GOMAXPROCS(0)). A server backend gains from more;
	// SQLite has one writer, so more only queue.
	Workers int
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
	// Cursor names the last profile of the last page fully handled, for
	// RotateOptions.After.
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
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
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
		if err := w.rotatePage(ctx, page, o.Workers, &rep); err != nil {
			return rep, err
		}
		if len(page) > 0 {
			// The cursor moves only past whole pages, so a resumed run
			// never skips a profile; it re-reads at most one page.
			rep.Cursor = store.CustomerCursor(page[len(page)-1])
			if o.Progress != nil {
				o.Progress(rep)
			}
		}
		if len(page) < o.PageSize {
			slices.SortFunc(rep.Conflicts, store.CompareIDs)
			return rep, nil
		}
	}
}

// rotatePage rotates a page's profiles on up to workers goroutines and
// adds their counts to rep. It returns the first error, after every
// goroutine has stopped.
func (w *encStore) rotatePage(ctx context.Context, page []customer.Customer, workers int, rep *RotateReport) error {
	var (
		mu       sync.Mutex
		firstErr error
		wg       sync.WaitGroup
		next     = make(chan customer.Customer)
	)
	for range min(workers, len(page)) {
		wg.Go(func() {
			for r := range next {
				var one RotateReport
				err := ctx.Err()
				if err == nil {
					one.Scanned = 1
					err = w.rotateOne(ctx, r, &one)
				}
				mu.Lock()
				rep.add(one)
				if err != nil && firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
			}
		})
	}
	for _, r := range page {
		mu.Lock()
		stop := firstErr != nil
		mu.Unlock()
		if stop {
			break
		}
		next <- r
	}
	close(next)
	wg.Wait()
	return firstErr
}

// add accumulates the counts of another report.
func (r *RotateReport) add(o RotateReport) {
	r.Scanned += o.Scanned
	r.Current += o.Current
	r.Rewritten += o.Rewritten
	r.Reencrypted += o.Reencrypted
	r.Reindexed += o.Reindexed
	r.Encrypted += o.Encrypted
	r.Compacted += o.Compacted
	r.Vanished += o.Vanished
	r.Conflicts = append(r.Conflicts, o.Conflicts...)
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
