package api_test

import (
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/crmkit/crmkit/api"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store"
)

func TestIdempotencyKeys(t *testing.T) {
	t.Parallel()
	var offset atomic.Int64 // nanoseconds added to the fixture's clock
	var f *fixture
	f = newFixture(t, func(o *api.Options) {
		o.IdempotencyTTL = time.Hour
		o.Now = func() time.Time { return f.now.Add(time.Duration(offset.Load())) }
	})
	count := func() int64 {
		var s store.Stats
		f.call("GET", "/stats", adminKey, nil).want(t, http.StatusOK).decode(t, &s)
		return s.Customers
	}
	n0 := count()
	body := `{"external_id":"idem-1"}`
	first := f.call("POST", "/customers", serviceKey, body, "Idempotency-Key", "k-1").want(t, http.StatusCreated)
	again := f.call("POST", "/customers", serviceKey, body, "Idempotency-Key", "k-1").want(t, http.StatusCreated)
	if string(again.body) != string(first.body) || again.header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("replay %s, first %s", again.body, first.body)
	}
	if first.header.Get("Idempotent-Replayed") != "" {
		t.Fatal("first response marked as replayed")
	}
	if got := count(); got != n0+1 {
		t.Fatalf("%d customers after a replay, want %d", got, n0+1)
	}
	// The same key with another body, or on another route, is refused.
	p := f.call("POST", "/customers", serviceKey, `{"external_id":"idem-2"}`, "Idempotency-Key", "k-1").problem(t, http.StatusUnprocessableEntity)
	if p.Type != api.ProblemIdempotency {
		t.Fatalf("mismatch: %+v", p)
	}
	f.call("POST", "/events", serviceKey, body, "Idempotency-Key", "k-1").problem(t, http.StatusUnprocessableEntity)
	// Keys belong to their caller: another principal's k-1 is a new request.
	f.call("POST", "/customers", adminKey, body, "Idempotency-Key", "k-1").problem(t, http.StatusConflict)
	// Error responses are replayed too (the conflict above is stored for admin).
	r := f.call("POST", "/customers", adminKey, body, "Idempotency-Key", "k-1")
	if r.status != http.StatusConflict || r.header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("replayed error: %d %v", r.status, r.header)
	}
	// After the TTL the key is forgotten and the request runs again.
	offset.Store(int64(2 * time.Hour))
	f.call("POST", "/customers", serviceKey, body, "Idempotency-Key", "k-1").problem(t, http.StatusConflict)
	// Without a key, nothing is remembered.
	f.call("POST", "/customers", serviceKey, `{"external_id":"idem-3"}`).want(t, http.StatusCreated)
	f.call("POST", "/customers", serviceKey, `{"external_id":"idem-3"}`).problem(t, http.StatusConflict)
	long := make([]byte, 256)
	for i := range long {
		long[i] = 'k'
	}
	f.call("POST", "/customers", serviceKey, body, "Idempotency-Key", string(long)).problem(t, http.StatusBadRequest)
}

// TestIdempotencyBounded checks that the oldest keys go first when the
// store is full.
func TestIdempotencyBounded(t *testing.T) {
	t.Parallel()
	f := newFixture(t, func(o *api.Options) { o.IdempotencyEntries = 3 })
	var ids []string
	for i := range 4 {
		var c customer.Customer
		f.call("POST", "/customers", serviceKey, fmt.Sprintf(`{"external_id":"b-%d"}`, i), "Idempotency-Key", fmt.Sprint("key-", i)).want(t, http.StatusCreated).decode(t, &c)
		ids = append(ids, c.ID.String())
	}
	// key-0 was dropped: the request runs again and conflicts with its own first run.
	f.call("POST", "/customers", serviceKey, `{"external_id":"b-0"}`, "Idempotency-Key", "key-0").problem(t, http.StatusConflict)
	// key-3 is still there.
	var c customer.Customer
	f.call("POST", "/customers", serviceKey, `{"external_id":"b-3"}`, "Idempotency-Key", "key-3").want(t, http.StatusCreated).decode(t, &c)
	if c.ID.String() != ids[3] {
		t.Fatalf("replayed %s, want %s", c.ID, ids[3])
	}
}
