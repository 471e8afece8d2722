package access

import (
	"context"

	"github.com/crmkit/crmkit/store"
)

// Wrap returns a store.Store that checks every call against policy (nil:
// DefaultPolicy) for the principal in the call's context, and masks
// personal data for principals without PII read. Refusals are
// *ForbiddenError values wrapping ErrForbidden; a call whose context has no
// principal is refused.
//
// The result implements store.Summarizer exactly when st does, and
// store.BulkLoader exactly when st does, with the same checks: store.Summaries
// and store.Load on a store lacking them fall back to scans and batch
// writes through the wrapper. Close is not checked. The wrapper holds no
// state of its own beyond the immutable policy, so it is safe for
// concurrent use whenever st is.
func Wrap(st store.Store, policy *Policy) store.Store {
	if policy == nil {
		policy = DefaultPolicy()
	}
	g := &guard{inner: st, policy: policy}
	sum, isSum := st.(store.Summarizer)
	bulk, isBulk := st.(store.BulkLoader)
	switch {
	case isSum && isBulk:
		return &guardSumBulk{guard: g, sum: sum, bulk: bulk}
	case isSum:
		return &guardSum{guard: g, sum: sum}
	case isBulk:
		return &guardBulk{guard: g, bulk: bulk}
	}
	return g
}

// guard is the wrapper for a store with neither optional interface; the
// other shapes embed it and add the interfaces the inner store has.
type guard struct {
	inner  store.Store
	policy *Policy
}

type guardSum struct {
	*guard
	sum store.Summarizer
}

type guardBulk struct {
	*guard
	bulk store.BulkLoader
}

type guardSumBulk struct {
	*guard
	sum  store.Summarizer
	bulk store.BulkLoader
}

var (
	_ store.Store      = (*guard)(nil)
	_ store.Summarizer = (*guardSum)(nil)
	_ store.BulkLoader = (*guardBulk)(nil)
	_ store.Summarizer = (*guardSumBulk)(nil)
	_ store.BulkLoader = (*guardSumBulk)(nil)
)

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
