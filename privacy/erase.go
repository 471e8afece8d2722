package privacy

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"time"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// EraseOptions tunes Erase. The zero value, and nil, erase from the store
// alone and compact it when it can be compacted.
type EraseOptions struct {
	// Forgetters are told to forget the customer (by the ID's string form)
	// after the store is cleaned: trained recommenders and other caches.
	Forgetters []Forgetter
	// SkipCompact leaves out the compaction of stores that implement
	// Compacter. Set it when erasing many customers in a row and call
	// Compact once at the end (Sweep does), since compaction rewrites the
	// whole database file.
	SkipCompact bool
	// Now gives the time written on the receipt; default time.Now.
	Now func() time.Time
}

// Receipt says what an erasure removed and what it kept. A repeated erasure
// of the same customer succeeds with a receipt that removed nothing new.
type Receipt struct {
	CustomerID uuid.UUID `json:"customer_id"`
	ErasedAt   time.Time `json:"erased_at"`
	// ProfileRemoved: a profile existed and was deleted (false when it was
	// already gone).
	ProfileRemoved bool `json:"profile_removed"`
	// EventsRemoved counts the behaviour events tied to the customer,
	// reviews, survey and support texts among them, as counted just before
	// they were deleted with the profile.
	EventsRemoved int `json:"events_removed"`
	// ReturnReasonsCleared counts returns whose free-text reason was blanked.
	ReturnReasonsCleared int `json:"return_reasons_cleared"`
	// AuditRecordsScrubbed counts audit records whose payloads were erased
	// (see AuditEraser); 0 when the store keeps no audit trail.
	AuditRecordsScrubbed int `json:"audit_records_scrubbed"`
	// OrdersKept and ReturnsKept count the financial records kept for legal
	// retention. They carry the customer ID, which no longer leads to a
	// profile, and no personal data of their own.
	OrdersKept  int `json:"orders_kept"`
	ReturnsKept int `json:"returns_kept"`
	// AnonymousEventsKept counts events without a customer ID that share a
	// session or visitor ID with the customer's events, found before those
	// were deleted. They are kept: see Erase.
	AnonymousEventsKept int `json:"anonymous_events_kept"`
	// Forgetters counts the forgetters told to forget the customer.
	Forgetters int `json:"forgetters"`
	// Compacted: the store was compacted (see Compacter).
	Compacted bool `json:"compacted"`
}

// Erase removes the customer's personal data from st and from every
// registered forgetter, keeping the financial records the law requires a
// shop to retain, in this order:
//
//  1. every return of the customer has its free-text Reason blanked (the
//     items and amounts stay);
//  2. audit payloads are scrubbed when st implements AuditEraser;
//  3. the profile is deleted, and with it, by the store contract, every
//     behaviour event tied to the customer ID (review and support texts
//     included); events stored under the ID without a profile (ingested
//     before it, or during the erasure) are removed too, through a
//     stand-in profile created and deleted for the purpose;
//  4. each of opts.Forgetters forgets the customer;
//  5. st is compacted when it implements Compacter, so the deleted bytes do
//     not linger in the database file.
//
// Orders and returns are kept under the customer's ID rather than moved to a
// new pseudonym. The ID is a random UUID: once the profile is gone nothing in
// the store links it to a person, while the shop's ledgers and any
// reference a payment provider holds still reconcile with the orders. The
// price is that a copy of the ID kept elsewhere (an e-mail service, a log)
// still links those records to whoever it names there; a host for whom that
// is unacceptable must erase the ID from those systems too.
//
// Anonymous events (no CustomerID) are not deleted: the store contract
// deletes events only with a profile. Those that share a session or visitor
// ID with the customer's own events — typically the browsing just before
// signing up — can be linked back to the person while those events exist;
// once they are deleted the link is gone, but the anonymous events' own
// contents (a search query, say) remain. The receipt counts them
// (AnonymousEventsKept) so the host can judge whether more is needed.
//
// Erase is idempotent: every step is safe to repeat, so a call that failed
// part-way is finished by calling it again, and erasing an unknown or
// already erased customer succeeds. A store implementing EraseAuthorizer is
// asked first, and its refusal ends the call before any step. Errors:
// ErrNoCustomer; the store's errors (the receipt then shows the steps done).
func Erase(ctx context.Context, st store.Store, customerID uuid.UUID, opts *EraseOptions) (Receipt, error) {
	if customerID == uuid.Nil {
		return Receipt{}, ErrNoCustomer
	}
	var o EraseOptions
	if opts != nil {
		o = *opts
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	rc := Receipt{CustomerID: customerID, ErasedAt: store.Timestamp(o.Now())}
	fail := func(step string, err error) (Receipt, error) {
		return rc, fmt.Errorf("privacy: erase %s: %s: %w", customerID, step, err)
	}

	if a, ok := st.(EraseAuthorizer); ok {
		if err := a.AuthorizeErase(ctx, customerID); err != nil {
			return fail("authorize", err)
		}
	}
	if err := clearReturnReasons(ctx, st, customerID, &rc); err != nil {
		return fail("returns", err)
	}
	if a, ok := st.(AuditEraser); ok {
		n, err := a.EraseAuditPayloads(ctx, customerID)
		if err != nil {
			return fail("audit", err)
		}
		rc.AuditRecordsScrubbed = n
	}
	n, links, err := eventLinks(ctx, st, customerID)
	if err != nil {
		return fail("events", err)
	}
	if rc.AnonymousEventsKept, err = countLinkedAnonymous(ctx, st, links); err != nil {
		return fail("anonymous events", err)
	}
	switch err := st.DeleteCustomer(ctx, customerID); {
	case err == nil:
		rc.ProfileRemoved = true
		rc.EventsRemoved = n
	case errors.Is(err, store.ErrNotFound):
		// Already erased, or never known.
	default:
		return fail("profile", err)
	}
	// Events may be stored for a customer ID without a profile (ingested
	// before the profile was created, or in flight while it was deleted).
	orphans, err := deleteOrphanEvents(ctx, st, customerID)
	if err != nil {
		return fail("events", err)
	}
	rc.EventsRemoved += orphans
	if rc.OrdersKept, err = count(st.Orders(ctx, store.OrderFilter{CustomerID: customerID})); err != nil {
		return fail("orders", err)
	}
	for _, f := range o.Forgetters {
		f.Forget(customerID.String())
		rc.Forgetters++
	}
	if c, ok := st.(Compacter); ok && !o.SkipCompact {
		if err := c.Compact(ctx); err != nil {
			return fail("compact", err)
		}
		rc.Compacted = true
	}
	return rc, nil
}

// maxAttempts bounds optimistic-update retries against concurrent writers.
const maxAttempts = 8

// clearReturnReasons blanks the Reason of every return of the customer,
// re-reading a return whose version moved under it.
func clearReturnReasons(ctx context.Context, st store.Store, customerID uuid.UUID, rc *Receipt) error {
	returns, err := collect([]order.Return(nil), st.Returns(ctx, store.ReturnFilter{CustomerID: customerID}))
	if err != nil {
		return err
	}
	rc.ReturnsKept = len(returns)
	for _, r := range returns {
		for attempt := 1; r.Reason != ""; attempt++ {
			r.Reason = ""
			err := st.UpdateReturn(ctx, &r)
			if err == nil {
				rc.ReturnReasonsCleared++
				break
			}
			if !errors.Is(err, store.ErrConflict) || attempt == maxAttempts {
				return err
			}
			if r, err = st.GetReturn(ctx, r.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// count drains a scan and returns how many values it yielded.
func count[T any](seq iter.Seq2[T, error]) (int, error) {
	n := 0
	for _, err := range seq {
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// deleteOrphanEvents removes events tied to customerID when no profile
// exists. The store deletes events only with their profile, so a stand-in
// profile with the same ID is created and deleted at once; it holds nothing
// but the ID and an external ID naming its purpose.
func deleteOrphanEvents(ctx context.Context, st store.Store, customerID uuid.UUID) (int, error) {
	n, err := count(st.Events(ctx, store.EventFilter{CustomerID: customerID}))
	if err != nil || n == 0 {
		return 0, err
	}
	standIn := &customer.Customer{ID: customerID, ExternalID: "crmkit-erasure-" + customerID.String()}
	if err := st.CreateCustomer(ctx, standIn); err != nil {
		return 0, err
	}
	if err := st.DeleteCustomer(ctx, customerID); err != nil {
		return 0, err
	}
	return n, nil
}

// eventLinks counts the customer's events and gathers the session and visitor
// IDs they carry.
func eventLinks(ctx context.Context, st store.Store, customerID uuid.UUID) (int, []store.EventFilter, error) {
	n := 0
	seen := map[string]bool{}
	var links []store.EventFilter
	add := func(key string, f store.EventFilter) {
		if !seen[key] {
			seen[key] = true
			links = append(links, f)
		}
	}
	for e, err := range st.Events(ctx, store.EventFilter{CustomerID: customerID}) {
		if err != nil {
			return n, nil, err
		}
		n++
		if e.SessionID != "" {
			add("session "+e.SessionID, store.EventFilter{SessionID: e.SessionID})
		}
		if e.VisitorID != "" {
			add("visitor "+e.VisitorID, store.EventFilter{VisitorID: e.VisitorID})
		}
	}
	return n, links, nil
}

// countLinkedAnonymous counts the distinct anonymous events the filters find.
func countLinkedAnonymous(ctx context.Context, st store.Store, links []store.EventFilter) (int, error) {
	seen := map[uuid.UUID]bool{}
	for _, f := range links {
		for e, err := range st.Events(ctx, f) {
			if err != nil {
				return 0, err
			}
			if e.Anonymous() {
				seen[e.ID] = true
			}
		}
	}
	return len(seen), nil
}
