package access

import (
	"context"

	"github.com/crmkit/crmkit/store"
)

// Wrap returns a store.Store that checks every call against policy (nil:
// DefaultPolicy) for the principal in the call's context, and masks
// personal data for principals without PII read. Refusals are
// *ForbiddenError values wrapping ErrForbidden; a call whose context has no
// principal is refused. Every write that passes is made with the
// principal's ID as its store.Journal actor (store.WithActor), replacing
// any actor the caller set.
//
// The result implements each optional interface exactly when st does, with
// its own check: store.Summarizer, store.BulkLoader, store.Journal (audit
// read), privacy's AuditExporter (customers export) and AuditEraser
// (customers erase) — forwarded when st has both — and privacy's Compacter
// (customers erase). So store.Summaries and store.Load on a store lacking
// them fall back to scans and batch writes through the wrapper, and
// privacy.Erase through the wrapper scrubs the audit trail and compacts the
// file as it would on st. Close is not checked. The wrapper holds no state
// of its own beyond the immutable policy, so it is safe for concurrent use
// whenever st is.
func Wrap(st store.Store, policy *Policy) store.Store {
	if policy == nil {
		policy = DefaultPolicy()
	}
	g := &guard{inner: stamped{st}, policy: policy}
	var c caps
	if s, ok := st.(store.Summarizer); ok {
		c.sum = sumCap{g, s}
	}
	if b, ok := st.(store.BulkLoader); ok {
		c.bulk = bulkCap{g, b}
	}
	if j, ok := st.(store.Journal); ok {
		c.journal = journalCap{g, j}
	}
	ex, isEx := st.(auditExporter)
	er, isEr := st.(auditEraser)
	if isEx && isEr {
		c.audit = auditCap{g, ex, er}
	}
	if k, ok := st.(compacter); ok {
		c.compact = compactCap{g, k}
	}
	return c.shape(g)
}

// guard is the wrapper for a store with no optional interface; the shapes
// of wrap_shapes.go embed it and add the interfaces the inner store has.
// inner stamps the actor on writes (see stamped).
type guard struct {
	inner  store.Store
	policy *Policy
}

var _ store.Store = (*guard)(nil)

// check returns the principal in ctx when it may perform every listed
// action on resource.
func (g *guard) check(ctx context.Context, resource Resource, actions ...Action) (Principal, error) {
	pr, ok := PrincipalFrom(ctx)
	if !ok {
		return pr, &ForbiddenError{Resource: resource, Action: actions[0]}
	}
	for _, a := range actions {
		if !g.policy.Allows(pr, resource, a) {
			return pr, g.forbid(pr, resource, a)
		}
	}
	return pr, nil
}

// present returns the principal in ctx, refusing action on resource when
// there is none. Empty batches, which write nothing, need only this.
func (g *guard) present(ctx context.Context, resource Resource, action Action) (Principal, error) {
	pr, ok := PrincipalFrom(ctx)
	if !ok {
		return pr, &ForbiddenError{Resource: resource, Action: action}
	}
	return pr, nil
}

// seesPII reports whether pr reads personal data unmasked.
func (g *guard) seesPII(pr Principal) bool { return g.policy.Allows(pr, ResourcePII, ActionRead) }

func (g *guard) forbid(pr Principal, resource Resource, action Action) error {
	return &ForbiddenError{Principal: pr.ID, Roles: pr.Roles, Resource: resource, Action: action}
}

// Stats needs stats read.
func (g *guard) Stats(ctx context.Context) (store.Stats, error) {
	if _, err := g.check(ctx, ResourceStats, ActionRead); err != nil {
		return store.Stats{}, err
	}
	return g.inner.Stats(ctx)
}

// Close closes the inner store; it is not checked (it has no context).
func (g *guard) Close() error { return g.inner.Close() }

// errSeq is a scan that yields one error.
func errSeq[T any](err error) func(yield func(T, error) bool) {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}
