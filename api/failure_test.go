package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/crmkit/crmkit/access"
	"github.com/crmkit/crmkit/api"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/recommend"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
)

// lockedBuffer collects log output written from handler goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// panicky is a recommender with a bug.
type panicky struct{}

func (panicky) Recommend(string, int, ...recommend.Filter) ([]recommend.Recommendation, error) {
	panic("index out of range in the host's recommender")
}

// TestServerFailures checks that a failing store and a panicking
// recommender give a 500 problem with a generic detail, logged for the host,
// and that the server keeps serving.
func TestServerFailures(t *testing.T) {
	t.Parallel()
	var logs lockedBuffer
	f := newFixture(t, func(o *api.Options) {
		o.Recommender = panicky{}
		o.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	})
	id := f.buyer(1).String()
	p := f.call("GET", "/customers/"+id+"/recommendations", adminKey, nil).problem(t, http.StatusInternalServerError)
	if p.Type != api.ProblemInternal || strings.Contains(p.Detail, "index out of range") {
		t.Fatalf("panic answered with %+v", p)
	}
	if !strings.Contains(logs.String(), "index out of range in the host's recommender") {
		t.Fatalf("panic not logged: %s", logs.String())
	}
	f.call("GET", "/customers/"+id, adminKey, nil).want(t, http.StatusOK)

	if err := f.st.Close(); err != nil {
		t.Fatal(err)
	}
	p = f.call("GET", "/customers/"+id, adminKey, nil).problem(t, http.StatusInternalServerError)
	if strings.Contains(p.Detail, "closed") {
		t.Fatalf("store error leaked to the client: %+v", p)
	}
	if !strings.Contains(logs.String(), "store: closed") {
		t.Fatalf("store error not logged: %s", logs.String())
	}
}

// TestMaskedListing checks masking on the list path: a marketer pages
// through customers with every personal field redacted.
func TestMaskedListing(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	var page api.CustomerPage
	f.call("GET", "/customers?limit=30", marketerKey, nil).want(t, http.StatusOK).decode(t, &page)
	if len(page.Items) != 30 {
		t.Fatalf("%d items", len(page.Items))
	}
	for _, c := range page.Items {
		raw, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		if c.Email != access.Redacted || strings.Contains(string(raw), "@") {
			t.Fatalf("marketer sees personal data: %s", raw)
		}
	}
}

// explosive is a store whose CreateCustomer panics.
type explosive struct{ store.Store }

func (explosive) CreateCustomer(context.Context, *customer.Customer) error {
	panic("driver bug")
}

// TestPanicReleasesIdempotencyKey checks that a request that panicked
// leaves its Idempotency-Key free, so the retry runs instead of waiting on
// a request that will never finish.
func TestPanicReleasesIdempotencyKey(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, explosive{memory.New()}, nil)
	for range 2 {
		p := f.call("POST", "/customers", serviceKey, `{"external_id":"x"}`, "Idempotency-Key", "boom").problem(t, http.StatusInternalServerError)
		if p.Type != api.ProblemInternal {
			t.Fatalf("problem %+v", p)
		}
	}
}
