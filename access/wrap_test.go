package access_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/crmkit/crmkit/access"
	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/privacy"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWrapKeepsOptionalInterfaces checks the wrapper has each optional
// interface exactly when the inner store has it, so store.Summaries,
// store.Load, audit and privacy never reach the inner store around the
// wrapper, nor find an interface the inner store cannot serve.
func TestWrapKeepsOptionalInterfaces(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			inner := b.open(t)
			defer inner.Close()
			g := access.Wrap(inner, nil)
			_, innerSum := inner.(store.Summarizer)
			_, innerBulk := inner.(store.BulkLoader)
			_, wrapSum := g.(store.Summarizer)
			_, wrapBulk := g.(store.BulkLoader)
			assert.Equal(t, innerSum, wrapSum, "Summarizer")
			assert.Equal(t, innerBulk, wrapBulk, "BulkLoader")
			_, innerJ := inner.(store.Journal)
			_, wrapJ := g.(store.Journal)
			assert.Equal(t, innerJ, wrapJ, "Journal")
			_, innerEx := inner.(privacy.AuditExporter)
			_, wrapEx := g.(privacy.AuditExporter)
			assert.Equal(t, innerEx, wrapEx, "AuditExporter")
			_, innerEr := inner.(privacy.AuditEraser)
			_, wrapEr := g.(privacy.AuditEraser)
			assert.Equal(t, innerEr, wrapEr, "AuditEraser")
			_, innerC := inner.(privacy.Compacter)
			_, wrapC := g.(privacy.Compacter)
			assert.Equal(t, innerC, wrapC, "Compacter")
		})
	}
}

// TestSummariesFallBackThroughTheWrapper: on a store without a Summarizer,
// summaries come from scans through the wrapper, so a role that may read
// summaries but not orders gets nothing; on a store with one, summaries
// read alone is enough.
func TestSummariesFallBackThroughTheWrapper(t *testing.T) {
	pol, err := access.NewPolicy(map[access.Role][]access.Permission{"sums": {sumRead}})
	require.NoError(t, err)
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			inner := b.open(t)
			defer inner.Close()
			s := seed(t, inner)
			g := access.Wrap(inner, pol)
			_, hasSum := inner.(store.Summarizer)
			_, err := store.SummaryOf(as("sums"), g, s.ada.ID, store.SummaryFilter{})
			err2 := drain(store.Summaries(as("sums"), g, store.SummaryFilter{}))
			if hasSum {
				assert.NoError(t, err)
				assert.NoError(t, err2)
				return
			}
			var fe *access.ForbiddenError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, access.ResourceOrders, fe.Resource, "the fallback scans orders through the wrapper")
			assert.ErrorIs(t, err2, access.ErrForbidden)
		})
	}
}

// TestDefaultPolicySummariesNeedScans keeps the default policy alike on
// every backend: whoever reads summaries reads orders and returns.
func TestDefaultPolicySummariesNeedScans(t *testing.T) {
	pol := access.DefaultPolicy()
	for _, r := range pol.Roles() {
		if pol.Grants(r, access.ResourceSummaries, access.ActionRead) {
			assert.True(t, pol.Grants(r, access.ResourceOrders, access.ActionRead), r)
			assert.True(t, pol.Grants(r, access.ResourceReturns, access.ActionRead), r)
		}
	}
}

// TestConcurrentUse runs principals of every role against one wrapped store
// at once; run with -race.
func TestConcurrentUse(t *testing.T) {
	inner := memory.New()
	defer inner.Close()
	s := seed(t, inner)
	g := access.Wrap(inner, nil)
	var wg sync.WaitGroup
	// assert, not require: FailNow must not be called off the test goroutine.
	for i, role := range access.Roles {
		wg.Go(func() {
			ctx := as(role)
			for j := 0; j < 50; j++ {
				c, err := g.GetCustomer(ctx, s.ada.ID)
				if !assert.NoError(t, err) {
					return
				}
				if role == access.RoleMarketer || role == access.RoleAnalyst {
					assert.Equal(t, access.Redacted, c.Email)
				} else {
					assert.Equal(t, s.ada.Email, c.Email)
				}
				assert.NoError(t, drain(g.Customers(ctx, store.CustomerFilter{})))
				err = g.AppendEvents(ctx, []behavior.Event{{Kind: behavior.KindView, CustomerID: s.ada.ID, ProductID: "p-mug", At: t0.Add(time.Duration(1+1000*i+j) * time.Second)}})
				if access.DefaultPolicy().Grants(role, access.ResourceEvents, access.ActionWrite) {
					assert.NoError(t, err)
				} else {
					assert.ErrorIs(t, err, access.ErrForbidden)
				}
			}
		})
	}
	wg.Wait()
	st, err := inner.Stats(context.Background())
	require.NoError(t, err)
	assert.Equal(t, int64(2+4*50), st.Events, "seeded events plus those of the four roles that write events")
}

// TestPrincipalContext checks the context carries a copy of the principal.
func TestPrincipalContext(t *testing.T) {
	_, ok := access.PrincipalFrom(context.Background())
	assert.False(t, ok)
	roles := []access.Role{access.RoleAnalyst}
	ctx := access.WithPrincipal(context.Background(), access.Principal{ID: "u1", Name: "Una", Roles: roles})
	roles[0] = access.RoleAdmin
	p, ok := access.PrincipalFrom(ctx)
	require.True(t, ok)
	assert.Equal(t, "u1", p.ID)
	assert.Equal(t, []access.Role{access.RoleAnalyst}, p.Roles, "changing the caller's slice changes nothing")
	p.Roles[0] = access.RoleAdmin
	p2, _ := access.PrincipalFrom(ctx)
	assert.True(t, p2.HasRole(access.RoleAnalyst))
	assert.False(t, p2.HasRole(access.RoleAdmin))
}

// TestForbiddenErrorText names principal, roles, action and resource.
func TestForbiddenErrorText(t *testing.T) {
	g := access.Wrap(memory.New(), nil)
	err := g.DeleteCustomer(as(access.RoleAnalyst), uuid.New())
	assert.EqualError(t, err, `access: forbidden: principal "p-analyst" (roles analyst) may not delete customers`)
	err = g.CreateCustomer(context.Background(), &customer.Customer{Email: "a@example.com"})
	assert.EqualError(t, err, "access: forbidden: no principal in the context may not write customers")
}
