package access_test

import (
	"context"
	"testing"

	"github.com/crmkit/crmkit/access"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
)

// benchStore holds 1,000 profiles with personal data in memory, so the
// figures show the wrapper's own cost rather than a database's.
func benchStore(b *testing.B) (store.Store, customer.Customer) {
	st := memory.New()
	cs := make([]*customer.Customer, 1000)
	for i := range cs {
		cs[i] = personal()
	}
	if err := st.CreateCustomers(context.Background(), cs); err != nil {
		b.Fatal(err)
	}
	return st, *cs[500]
}

// BenchmarkGetCustomer: the bare store, then through the wrapper for a
// principal that sees personal data and for one that gets it masked.
func BenchmarkGetCustomer(b *testing.B) {
	st, c := benchStore(b)
	g := access.Wrap(st, nil)
	for _, bc := range []struct {
		name string
		st   store.Store
		ctx  context.Context
	}{
		{"bare", st, context.Background()},
		{"support", g, as(access.RoleSupport)},
		{"marketer-masked", g, as(access.RoleMarketer)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := bc.st.GetCustomer(bc.ctx, c.ID); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCustomersScan scans all 1,000 profiles.
func BenchmarkCustomersScan(b *testing.B) {
	st, _ := benchStore(b)
	g := access.Wrap(st, nil)
	for _, bc := range []struct {
		name string
		st   store.Store
		ctx  context.Context
	}{
		{"bare", st, context.Background()},
		{"support", g, as(access.RoleSupport)},
		{"marketer-masked", g, as(access.RoleMarketer)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if err := drain(bc.st.Customers(bc.ctx, store.CustomerFilter{})); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
