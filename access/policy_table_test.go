package access_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/crmkit/crmkit/access"
	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/privacy"
	"github.com/crmkit/crmkit/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type perm = access.Permission

// op is one real store operation: prepare sets up what it needs in the
// inner store and returns the call to make through the wrapper, which must
// succeed exactly when the principal holds every permission in needs.
type op struct {
	name    string
	needs   []perm
	prepare func(t *testing.T, inner store.Store, s *shop) func(ctx context.Context, g store.Store) error
}

func p(r access.Resource, a access.Action) perm { return perm{Resource: r, Action: a} }

var (
	custRead   = p(access.ResourceCustomers, access.ActionRead)
	custWrite  = p(access.ResourceCustomers, access.ActionWrite)
	custDelete = p(access.ResourceCustomers, access.ActionDelete)
	piiRead    = p(access.ResourcePII, access.ActionRead)
	piiWrite   = p(access.ResourcePII, access.ActionWrite)
	ordRead    = p(access.ResourceOrders, access.ActionRead)
	ordWrite   = p(access.ResourceOrders, access.ActionWrite)
	ordDelete  = p(access.ResourceOrders, access.ActionDelete)
	retRead    = p(access.ResourceReturns, access.ActionRead)
	retWrite   = p(access.ResourceReturns, access.ActionWrite)
	prodRead   = p(access.ResourceProducts, access.ActionRead)
	prodWrite  = p(access.ResourceProducts, access.ActionWrite)
	evRead     = p(access.ResourceEvents, access.ActionRead)
	evWrite    = p(access.ResourceEvents, access.ActionWrite)
	sumRead    = p(access.ResourceSummaries, access.ActionRead)
	statsRead  = p(access.ResourceStats, access.ActionRead)
	custExport = p(access.ResourceCustomers, access.ActionExport)
	custErase  = p(access.ResourceCustomers, access.ActionErase)
	auditRead  = p(access.ResourceAudit, access.ActionRead)
)

// call wraps a call that needs no setup.
func call(f func(ctx context.Context, g store.Store, s *shop) error) func(*testing.T, store.Store, *shop) func(context.Context, store.Store) error {
	return func(_ *testing.T, _ store.Store, s *shop) func(context.Context, store.Store) error {
		return func(ctx context.Context, g store.Store) error { return f(ctx, g, s) }
	}
}

func freshCustomer(t *testing.T, inner store.Store) *customer.Customer {
	c := personal()
	require.NoError(t, inner.CreateCustomer(context.Background(), c))
	return c
}

func freshOrder(t *testing.T, inner store.Store, s *shop) *order.Order {
	o := newOrder(s.ada.ID)
	require.NoError(t, inner.CreateOrder(context.Background(), o))
	return o
}

// operations lists every store operation; summaries depend on whether the
// backend computes them itself (see the package documentation).
func operations(hasSummarizer bool) []op {
	sumNeeds := []perm{sumRead}
	if !hasSummarizer {
		sumNeeds = []perm{ordRead, retRead}
	}
	ops := []op{
		{"GetCustomer", []perm{custRead}, call(func(ctx context.Context, g store.Store, s *shop) error {
			_, err := g.GetCustomer(ctx, s.ada.ID)
			return err
		})},
		{"GetCustomerByExternalID/account", []perm{custRead}, call(func(ctx context.Context, g store.Store, s *shop) error {
			_, err := g.GetCustomerByExternalID(ctx, s.ada.ExternalID)
			return err
		})},
		{"GetCustomerByExternalID/email", []perm{custRead, piiRead}, call(func(ctx context.Context, g store.Store, s *shop) error {
			_, err := g.GetCustomerByExternalID(ctx, s.bob.ExternalID)
			return err
		})},
		{"GetCustomerByEmail", []perm{custRead, piiRead}, call(func(ctx context.Context, g store.Store, s *shop) error {
			_, err := g.GetCustomerByEmail(ctx, s.ada.Email)
			return err
		})},
		{"Customers", []perm{custRead}, call(func(ctx context.Context, g store.Store, s *shop) error {
			return drain(g.Customers(ctx, store.CustomerFilter{}))
		})},
		{"Customers/email", []perm{custRead, piiRead}, call(func(ctx context.Context, g store.Store, s *shop) error {
			return drain(g.Customers(ctx, store.CustomerFilter{Email: s.ada.Email}))
		})},
		{"CreateCustomer/account", []perm{custWrite}, call(func(ctx context.Context, g store.Store, s *shop) error {
			return g.CreateCustomer(ctx, anonymous())
		})},
		{"CreateCustomer/personal", []perm{custWrite, piiWrite}, call(func(ctx context.Context, g store.Store, s *shop) error {
			return g.CreateCustomer(ctx, personal())
		})},
		{"CreateCustomers", []perm{custWrite, piiWrite}, call(func(ctx context.Context, g store.Store, s *shop) error {
			return g.CreateCustomers(ctx, []*customer.Customer{anonymous(), personal()})
		})},
		{"UpdateCustomer/tag", []perm{custWrite}, func(t *testing.T, inner store.Store, _ *shop) func(context.Context, store.Store) error {
			c := freshCustomer(t, inner)
			return func(ctx context.Context, g store.Store) error {
				c.AddTag("winback")
				return g.UpdateCustomer(ctx, c)
			}
		}},
		{"UpdateCustomer/email", []perm{custWrite, piiWrite}, func(t *testing.T, inner store.Store, _ *shop) func(context.Context, store.Store) error {
			c := freshCustomer(t, inner)
			return func(ctx context.Context, g store.Store) error {
				c.Email = fmt.Sprintf("new.%d@example.com", next())
				return g.UpdateCustomer(ctx, c)
			}
		}},
		{"DeleteCustomer", []perm{custDelete}, func(t *testing.T, inner store.Store, _ *shop) func(context.Context, store.Store) error {
			c := freshCustomer(t, inner)
			return func(ctx context.Context, g store.Store) error { return g.DeleteCustomer(ctx, c.ID) }
		}},
		{"MergeCustomers", []perm{custWrite, custDelete}, func(t *testing.T, inner store.Store, _ *shop) func(context.Context, store.Store) error {
			keep, drop := freshCustomer(t, inner), freshCustomer(t, inner)
			return func(ctx context.Context, g store.Store) error {
				_, err := g.MergeCustomers(ctx, keep.ID, drop.ID)
				return err
			}
		}},
		{"GetOrder", []perm{ordRead}, call(func(ctx context.Context, g store.Store, s *shop) error {
			_, err := g.GetOrder(ctx, s.ord.ID)
			return err
		})},
		{"GetOrderByNumber", []perm{ordRead}, call(func(ctx context.Context, g store.Store, s *shop) error {
			_, err := g.GetOrderByNumber(ctx, s.ord.Number)
			return err
		})},
		{"Orders", []perm{ordRead}, call(func(ctx context.Context, g store.Store, s *shop) error {
			return drain(g.Orders(ctx, store.OrderFilter{}))
		})},
		{"CreateOrder", []perm{ordWrite}, call(func(ctx context.Context, g store.Store, s *shop) error {
			return g.CreateOrder(ctx, newOrder(s.ada.ID))
		})},
		{"CreateOrders", []perm{ordWrite}, call(func(ctx context.Context, g store.Store, s *shop) error {
			return g.CreateOrders(ctx, []*order.Order{newOrder(s.ada.ID), newOrder(s.bob.ID)})
		})},
		{"UpdateOrder", []perm{ordWrite}, func(t *testing.T, inner store.Store, s *shop) func(context.Context, store.Store) error {
			o := freshOrder(t, inner, s)
			return func(ctx context.Context, g store.Store) error {
				if err := o.Transition(order.StatusShipped, o.PlacedAt.Add(24*60*60e9)); err != nil {
					return err
				}
				return g.UpdateOrder(ctx, o)
			}
		}},
		{"DeleteOrder", []perm{ordDelete}, func(t *testing.T, inner store.Store, s *shop) func(context.Context, store.Store) error {
			o := freshOrder(t, inner, s)
			return func(ctx context.Context, g store.Store) error { return g.DeleteOrder(ctx, o.ID) }
		}},
		{"GetReturn", []perm{retRead}, call(func(ctx context.Context, g store.Store, s *shop) error {
			_, err := g.GetReturn(ctx, s.ret.ID)
			return err
		})},
		{"Returns", []perm{retRead}, call(func(ctx context.Context, g store.Store, s *shop) error {
			return drain(g.Returns(ctx, store.ReturnFilter{}))
		})},
		{"CreateReturn", []perm{retWrite}, func(t *testing.T, inner store.Store, s *shop) func(context.Context, store.Store) error {
			o := freshOrder(t, inner, s)
			return func(ctx context.Context, g store.Store) error { return g.CreateReturn(ctx, newReturn(o)) }
		}},
		{"UpdateReturn", []perm{retWrite}, func(t *testing.T, inner store.Store, s *shop) func(context.Context, store.Store) error {
			r := newReturn(freshOrder(t, inner, s))
			require.NoError(t, inner.CreateReturn(context.Background(), r))
			return func(ctx context.Context, g store.Store) error {
				r.Status = order.ReturnApproved
				return g.UpdateReturn(ctx, r)
			}
		}},
		{"GetProduct", []perm{prodRead}, call(func(ctx context.Context, g store.Store, s *shop) error {
			_, err := g.GetProduct(ctx, s.prod.ID)
			return err
		})},
		{"Products", []perm{prodRead}, call(func(ctx context.Context, g store.Store, s *shop) error {
			return drain(g.Products(ctx, store.ProductFilter{}))
		})},
		{"UpsertProducts", []perm{prodWrite}, call(func(ctx context.Context, g store.Store, s *shop) error {
			return g.UpsertProducts(ctx, []order.Product{newProduct()})
		})},
		{"Events", []perm{evRead}, call(func(ctx context.Context, g store.Store, s *shop) error {
			return drain(g.Events(ctx, store.EventFilter{}))
		})},
		{"AppendEvents", []perm{evWrite}, call(func(ctx context.Context, g store.Store, s *shop) error {
			return g.AppendEvents(ctx, []behavior.Event{review(s.ada.ID)})
		})},
		{"SummaryOf", sumNeeds, call(func(ctx context.Context, g store.Store, s *shop) error {
			_, err := store.SummaryOf(ctx, g, s.ada.ID, store.SummaryFilter{})
			return err
		})},
		{"Summaries", sumNeeds, call(func(ctx context.Context, g store.Store, s *shop) error {
			return drain(store.Summaries(ctx, g, store.SummaryFilter{}))
		})},
		{"Stats", []perm{statsRead}, call(func(ctx context.Context, g store.Store, s *shop) error {
			_, err := g.Stats(ctx)
			return err
		})},
		{"Load/products", []perm{prodWrite}, call(func(ctx context.Context, g store.Store, s *shop) error {
			_, err := store.Load(ctx, g, store.Batch{Products: []order.Product{newProduct()}}, store.ConflictFail)
			return err
		})},
		{"Load/customers", []perm{custWrite, piiWrite}, call(func(ctx context.Context, g store.Store, s *shop) error {
			_, err := store.Load(ctx, g, store.Batch{Customers: []customer.Customer{*personal()}}, store.ConflictFail)
			return err
		})},
		{"Load/orders", []perm{ordWrite}, call(func(ctx context.Context, g store.Store, s *shop) error {
			_, err := store.Load(ctx, g, store.Batch{Orders: []order.Order{*newOrder(s.ada.ID)}}, store.ConflictFail)
			return err
		})},
		{"Load/returns", []perm{retWrite}, func(t *testing.T, inner store.Store, s *shop) func(context.Context, store.Store) error {
			r := newReturn(freshOrder(t, inner, s))
			return func(ctx context.Context, g store.Store) error {
				_, err := store.Load(ctx, g, store.Batch{Returns: []order.Return{*r}}, store.ConflictFail)
				return err
			}
		}},
		{"Load/events", []perm{evWrite}, call(func(ctx context.Context, g store.Store, s *shop) error {
			_, err := store.Load(ctx, g, store.Batch{Events: []behavior.Event{review(s.ada.ID)}}, store.ConflictFail)
			return err
		})},
		// The optional interfaces beyond the store: each call reports
		// errNotOffered when the wrapper lacks the interface.
		{"Changes", []perm{auditRead}, call(func(ctx context.Context, g store.Store, s *shop) error {
			j, ok := g.(store.Journal)
			if !ok {
				return errNotOffered
			}
			return drain(j.Changes(ctx, store.ChangeFilter{}))
		})},
		{"JournalHead", []perm{auditRead}, call(func(ctx context.Context, g store.Store, s *shop) error {
			j, ok := g.(store.Journal)
			if !ok {
				return errNotOffered
			}
			_, _, err := j.JournalHead(ctx)
			return err
		})},
		{"AuditRecords", []perm{custExport}, call(func(ctx context.Context, g store.Store, s *shop) error {
			a, ok := g.(privacy.AuditExporter)
			if !ok {
				return errNotOffered
			}
			_, err := a.AuditRecords(ctx, s.ada.ID)
			return err
		})},
		{"EraseAuditPayloads", []perm{custErase}, func(t *testing.T, inner store.Store, _ *shop) func(context.Context, store.Store) error {
			c := freshCustomer(t, inner)
			return func(ctx context.Context, g store.Store) error {
				a, ok := g.(privacy.AuditEraser)
				if !ok {
					return errNotOffered
				}
				_, err := a.EraseAuditPayloads(ctx, c.ID)
				return err
			}
		}},
		{"Compact", []perm{custErase}, call(func(ctx context.Context, g store.Store, s *shop) error {
			c, ok := g.(privacy.Compacter)
			if !ok {
				return errNotOffered
			}
			return c.Compact(ctx)
		})},
	}
	return ops
}

// errNotOffered is what an operation on an optional interface returns when
// the wrapper does not offer it; the inner store must lack it too.
var errNotOffered = errors.New("the wrapper does not offer this interface")

// offers reports whether inner has the optional interface an operation
// named name calls, for the operations that return errNotOffered.
func offers(inner store.Store, name string) bool {
	switch name {
	case "Changes", "JournalHead":
		_, ok := inner.(store.Journal)
		return ok
	case "AuditRecords":
		_, ok := inner.(privacy.AuditExporter)
		return ok
	case "EraseAuditPayloads":
		_, ok := inner.(privacy.AuditEraser)
		return ok
	case "Compact":
		_, ok := inner.(privacy.Compacter)
		return ok
	}
	return true
}

func allows(pol *access.Policy, role access.Role, needs []perm) bool {
	for _, n := range needs {
		if !pol.Grants(role, n.Resource, n.Action) {
			return false
		}
	}
	return true
}

// TestPolicyTable tries every action on every resource for every role, on
// each backend, and checks that it succeeds exactly where the policy says
// yes and is refused — with the store unchanged — where it says no.
func TestPolicyTable(t *testing.T) {
	t.Run("default", func(t *testing.T) { runTable(t, access.DefaultPolicy(), false) })
	t.Run("narrow", func(t *testing.T) { runTable(t, narrowPolicy(t), true) })
}

// narrowPolicy has one role per single permission and one per set of
// permissions an operation needs, so a check wired to the wrong resource or
// action cannot hide behind a role that happens to hold both.
func narrowPolicy(t *testing.T) *access.Policy {
	grants := map[access.Role][]perm{}
	for _, res := range access.Resources {
		for _, act := range access.Actions {
			grants[access.Role(string(res)+"."+string(act))] = []perm{p(res, act)}
		}
	}
	for _, hasSum := range []bool{false, true} {
		for _, o := range operations(hasSum) {
			var name []string
			for _, n := range o.needs {
				name = append(name, string(n.Resource)+"."+string(n.Action))
			}
			grants[access.Role(strings.Join(name, "+"))] = o.needs
		}
	}
	pol, err := access.NewPolicy(grants)
	require.NoError(t, err)
	return pol
}

func runTable(t *testing.T, pol *access.Policy, narrow bool) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			if narrow && raceEnabled && (b.name == "sqlite" || b.name == "postgres") {
				t.Skip("the narrow policy opens a database per role: too slow under -race; run without -race")
			}
			for _, role := range pol.Roles() {
				// A fresh store per role keeps every snapshot small.
				inner := b.open(t)
				s := seed(t, inner)
				g := access.Wrap(inner, pol)
				_, hasSum := inner.(store.Summarizer)
				ops := operations(hasSum)
				ctx := as(role)
				for _, o := range ops {
					want := allows(pol, role, o.needs)
					callIt := o.prepare(t, inner, s)
					var before string
					if !want {
						before = snapshot(t, inner)
					}
					err := callIt(ctx, g)
					if errors.Is(err, errNotOffered) {
						assert.False(t, offers(inner, o.name), "%s: the wrapper hides %s", b.name, o.name)
						continue
					}
					if want {
						assert.NoError(t, err, "%s: %s via %s", b.name, role, o.name)
						continue
					}
					var fe *access.ForbiddenError
					if assert.ErrorAs(t, err, &fe, "%s: %s via %s must be refused", b.name, role, o.name) {
						assert.ErrorIs(t, err, access.ErrForbidden)
						assert.Equal(t, "p-"+string(role), fe.Principal)
						assert.Contains(t, o.needs, p(fe.Resource, fe.Action), "the error names a missing permission")
						assert.False(t, pol.Grants(role, fe.Resource, fe.Action), "the error names a permission the role lacks")
					}
					assert.Equal(t, before, snapshot(t, inner), "%s: refused %s by %s changed the store", b.name, o.name, role)
				}
				// Cells no store method needs (export, erase and the like)
				// are asked of Authorize by the packages that implement them.
				for _, res := range access.Resources {
					for _, act := range access.Actions {
						if slices.ContainsFunc(ops, func(o op) bool { return slices.Contains(o.needs, p(res, act)) }) {
							continue
						}
						err := pol.Authorize(ctx, res, act)
						if pol.Grants(role, res, act) {
							assert.NoError(t, err)
						} else {
							assert.ErrorIs(t, err, access.ErrForbidden, "%s %s/%s", role, res, act)
						}
					}
				}
				require.NoError(t, inner.Close())
			}
		})
	}
}

// TestNoPrincipalIsForbidden runs every operation without a principal.
func TestNoPrincipalIsForbidden(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			inner := b.open(t)
			t.Cleanup(func() { _ = inner.Close() })
			s := seed(t, inner)
			g := access.Wrap(inner, nil)
			_, hasSum := inner.(store.Summarizer)
			for _, o := range operations(hasSum) {
				callIt := o.prepare(t, inner, s)
				before := snapshot(t, inner)
				err := callIt(context.Background(), g)
				if errors.Is(err, errNotOffered) {
					continue
				}
				var fe *access.ForbiddenError
				require.ErrorAs(t, err, &fe, o.name)
				assert.Empty(t, fe.Principal)
				assert.Contains(t, err.Error(), "no principal")
				assert.Equal(t, before, snapshot(t, inner), o.name)
			}
		})
	}
}

// TestOperationsCoverEveryStoreMethod guards the table test against a store
// method being added without an operation that tries it.
func TestOperationsCoverEveryStoreMethod(t *testing.T) {
	covered := map[string]bool{}
	for _, o := range operations(true) {
		name, _, _ := strings.Cut(o.name, "/")
		covered[name] = true
	}
	for _, m := range storeMethods() {
		if m == "Close" || m == "LoadBatch" || m == "CustomerSummary" || m == "CustomerSummaries" {
			continue // Close is unchecked; the optional ones are reached through Load, SummaryOf, Summaries
		}
		assert.True(t, covered[m], "no table operation calls %s", m)
	}
	assert.True(t, covered["Load"] && covered["SummaryOf"] && covered["Summaries"])
}

// storeMethods lists the methods of store.Store.
func storeMethods() []string {
	t := reflect.TypeFor[store.Store]()
	out := make([]string, t.NumMethod())
	for i := range out {
		out[i] = t.Method(i).Name
	}
	return out
}
