package encrypted_test

import (
	"context"
	"fmt"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store/encrypted"
	"github.com/crmkit/crmkit/store/postgres/pgtest"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/crmkit/crmkit/store/sqlite"
	"github.com/google/uuid"
)

// The overhead of encryption: the same CreateCustomer and GetCustomer
// against a store with and without the wrapper, in memory (where the
// wrapper's own cost dominates) and in SQLite (what a shop runs).
//
//	go test -run '^$' -bench . -benchmem ./store/encrypted/

func BenchmarkCreateCustomer(b *testing.B) {
	for _, backend := range benchBackends() {
		for _, wrapped := range []bool{false, true} {
			b.Run(benchName(backend.name, wrapped), func(b *testing.B) {
				st := backend.open(b, wrapped)
				ctx := context.Background()
				b.ReportAllocs()
				start := cpuTime()
				defer reportCPU(b, start)
				i := 0
				for b.Loop() {
					c := person(i)
					c.ID = uuid.Nil
					c.ExternalID = ""
					c.Email = fmt.Sprintf("bench%d@example.com", i)
					if err := st.CreateCustomer(ctx, c); err != nil {
						b.Fatal(err)
					}
					i++
				}
			})
		}
	}
}

func BenchmarkGetCustomer(b *testing.B) {
	for _, backend := range benchBackends() {
		for _, wrapped := range []bool{false, true} {
			b.Run(benchName(backend.name, wrapped), func(b *testing.B) {
				st := backend.open(b, wrapped)
				ctx := context.Background()
				ids := make([]uuid.UUID, 500)
				for i := range ids {
					c := person(i)
					if err := st.CreateCustomer(ctx, c); err != nil {
						b.Fatal(err)
					}
					ids[i] = c.ID
				}
				b.ReportAllocs()
				start := cpuTime()
				defer reportCPU(b, start)
				i := 0
				for b.Loop() {
					if _, err := st.GetCustomer(ctx, ids[i%len(ids)]); err != nil {
						b.Fatal(err)
					}
					i++
				}
			})
		}
	}
}

func BenchmarkGetCustomerByEmail(b *testing.B) {
	for _, wrapped := range []bool{false, true} {
		b.Run(benchName("sqlite", wrapped), func(b *testing.B) {
			st := benchBackends()[1].open(b, wrapped)
			ctx := context.Background()
			var emails []string
			for i := range 500 {
				c := person(i)
				if err := st.CreateCustomer(ctx, c); err != nil {
					b.Fatal(err)
				}
				emails = append(emails, c.Email)
			}
			b.ReportAllocs()
			start := cpuTime()
			defer reportCPU(b, start)
			i := 0
			for b.Loop() {
				if _, err := st.GetCustomerByEmail(ctx, emails[i%len(emails)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// cpuTime returns the process's user and system CPU time so far. The
// machine the figures come from is shared, so wall-clock time per op
// swings with the load; CPU time per op (all threads, GC included) is
// what the wrapper costs.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU time per op since start.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

type benchBackend struct {
	name string
	open func(b *testing.B, wrapped bool) store.Store
}

func benchBackends() []benchBackend {
	maybeWrap := func(b *testing.B, st store.Store, wrapped bool) store.Store {
		b.Cleanup(func() { st.Close() })
		if wrapped {
			return wrap(b, st)
		}
		return st
	}
	return []benchBackend{
		{"memory", func(b *testing.B, wrapped bool) store.Store { return maybeWrap(b, memory.New(), wrapped) }},
		{"sqlite", func(b *testing.B, wrapped bool) store.Store {
			st, err := sqlite.Open(filepath.Join(b.TempDir(), "bench.db"), nil)
			if err != nil {
				b.Fatal(err)
			}
			return maybeWrap(b, st, wrapped)
		}},
	}
}

func benchName(backend string, wrapped bool) string {
	if wrapped {
		return backend + "/encrypted"
	}
	return backend + "/plain"
}

// BenchmarkRotate re-encrypts 1,000 profiles per iteration, alternating
// the primary key between two keys, in SQLite and (when configured)
// PostgreSQL.
//
//	go test -run '^$' -bench Rotate -benchtime 5x ./store/encrypted/
func BenchmarkRotate(b *testing.B) {
	backends := map[string]func(b *testing.B) store.Store{
		"sqlite":   func(b *testing.B) store.Store { return benchBackends()[1].open(b, false) },
		"postgres": func(b *testing.B) store.Store { return pgtest.Open(b) },
	}
	for _, name := range []string{"sqlite", "postgres"} {
		b.Run(name, func(b *testing.B) { benchRotate(b, backends[name](b)) })
	}
}

func benchRotate(b *testing.B, st store.Store) {
	ctx := context.Background()
	keyA := encrypted.Key{ID: "A", Secret: secret(0xa1)}
	keyB := encrypted.Key{ID: "B", Secret: secret(0xb2)}
	under := func(primary, old encrypted.Key) store.Store {
		w, err := encrypted.Wrap(st, keyring(b, primary.ID, primary.Secret[0], old), nil)
		if err != nil {
			b.Fatal(err)
		}
		return w
	}
	cs := make([]*customer.Customer, 1000)
	for i := range cs {
		cs[i] = person(i)
	}
	if err := under(keyA, keyB).CreateCustomers(ctx, cs); err != nil {
		b.Fatal(err)
	}
	start := cpuTime()
	defer reportCPU(b, start)
	i := 0
	for b.Loop() {
		w := under(keyB, keyA)
		if i%2 == 1 {
			w = under(keyA, keyB)
		}
		rep, err := encrypted.Rotate(ctx, w, nil)
		if err != nil {
			b.Fatal(err)
		}
		if rep.Reencrypted != len(cs) {
			b.Fatalf("re-encrypted %d", rep.Reencrypted)
		}
		i++
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(len(cs)), "µs/profile")
}
