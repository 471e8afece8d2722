package api_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/crmkit/crmkit/store"
)

// TestConcurrentUse hits one handler from many goroutines with every kind
// of call that shares state — the idempotency store, the RFM, CLV and KPI
// caches, the recommender folding in fresh events — for the race detector,
// and checks that retried creates with the same key stored one customer.
func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	buyer := f.buyer(2).String()
	var before store.Stats
	f.call("GET", "/stats", adminKey, nil).want(t, http.StatusOK).decode(t, &before)
	const workers, rounds = 8, 6
	var wg sync.WaitGroup
	errs := make(chan string, workers*rounds*8)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range rounds {
				check := func(r response, ok ...int) {
					for _, s := range ok {
						if r.status == s {
							return
						}
					}
					errs <- fmt.Sprintf("worker %d: %d %s", w, r.status, r.body)
				}
				// Every worker retries the same keyed create: one customer per round.
				check(f.call("POST", "/customers", serviceKey, fmt.Sprintf(`{"external_id":"conc-%d"}`, i), "Idempotency-Key", fmt.Sprint("conc-", i)),
					http.StatusCreated, http.StatusConflict)
				check(f.call("GET", "/customers/"+buyer+"/segment", analystKey, nil), http.StatusOK)
				check(f.call("GET", "/customers/"+buyer+"/clv", analystKey, nil), http.StatusOK)
				check(f.call("GET", "/customers/"+buyer+"/recommendations?n=5", marketerKey, nil), http.StatusOK)
				check(f.call("POST", "/events", serviceKey, fmt.Sprintf(`{"events":[{"kind":"view","customer_id":%q,"product_id":%q,"at":"2026-11-01T10:00:00Z"}]}`,
					buyer, f.shop.Products[(w*rounds+i)%len(f.shop.Products)].ID)), http.StatusCreated)
				if i == 0 {
					check(f.call("GET", "/reports/kpi?from=2026-08-01&to=2026-11-01", analystKey, nil), http.StatusOK)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	var after store.Stats
	f.call("GET", "/stats", adminKey, nil).want(t, http.StatusOK).decode(t, &after)
	if got := after.Customers - before.Customers; got != rounds {
		t.Fatalf("%d customers created, want %d (one per idempotency key)", got, rounds)
	}
	if got := after.Events - before.Events; got != workers*rounds {
		t.Fatalf("%d events stored, want %d", got, workers*rounds)
	}
}
