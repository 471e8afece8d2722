package workflow_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/crmkit/crmkit/workflow"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// receiver is an idempotent webhook endpoint: it verifies signatures,
// fails in the pattern it is given, and counts each key once.
type receiver struct {
	t      *testing.T
	secret []byte
	// fail decides the fate of the n-th request (from 1): 0 to accept,
	// an HTTP status to answer, or -1 to hang past the client's timeout.
	fail func(n int) int

	mu       sync.Mutex
	requests int
	badSigs  int
	keys     map[string]workflow.WebhookPayload
	release  chan struct{}
}

func newReceiver(t *testing.T, secret string, fail func(int) int) (*receiver, *httptest.Server) {
	r := &receiver{t: t, secret: []byte(secret), fail: fail, keys: map[string]workflow.WebhookPayload{}, release: make(chan struct{})}
	srv := httptest.NewServer(r)
	t.Cleanup(func() { close(r.release); srv.Close() })
	return r, srv
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	r.mu.Lock()
	r.requests++
	n := r.requests
	if err := workflow.VerifyWebhook(r.secret, req.Header, body, time.Now(), time.Minute); err != nil {
		r.badSigs++
		r.mu.Unlock()
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	fail := r.fail
	r.mu.Unlock()
	switch code := fail(n); {
	case code < 0:
		// Processed, but the answer comes too late: the sender retries and
		// the key drops the repeat.
		r.accept(req, body)
		select {
		case <-req.Context().Done():
		case <-r.release:
		}
		return
	case code > 0:
		w.WriteHeader(code)
		return
	}
	r.accept(req, body)
	w.WriteHeader(http.StatusNoContent)
}

func (r *receiver) accept(req *http.Request, body []byte) {
	var p workflow.WebhookPayload
	if err := json.Unmarshal(body, &p); err != nil {
		r.t.Error(err)
		return
	}
	if p.Key != req.Header.Get(workflow.HeaderIdempotencyKey) {
		r.t.Errorf("body key %q, header key %q", p.Key, req.Header.Get(workflow.HeaderIdempotencyKey))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, seen := r.keys[p.Key]; !seen {
		r.keys[p.Key] = p
	}
}

func (r *receiver) stats() (requests, distinct, badSigs int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.requests, len(r.keys), r.badSigs
}

// TestWebhookIntermittentReceiver: every third request fails with 500 or
// 503 and every seventh hangs past the timeout; every order still reaches
// the receiver, signed, and the receiver counts each once.
func TestWebhookIntermittentReceiver(t *testing.T) {
	forEachState(t, func(t *testing.T, state workflow.State) {
		ctx := context.Background()
		rcv, srv := newReceiver(t, "s3cret", func(n int) int {
			switch {
			case n%7 == 0:
				return -1
			case n%3 == 0:
				return []int{500, 503}[n/3%2]
			}
			return 0
		})
		st := memory.New()
		clk := newClock(t0)
		hook := &workflow.Webhook{URL: srv.URL, Secret: []byte("s3cret"), Timeout: 150 * time.Millisecond}
		eng, err := workflow.New(st, state, []workflow.Rule{{Name: "to-erp", Trigger: workflow.OrderPlaced(), Action: hook}},
			&workflow.Options{Clock: clk.Now, Seed: 9, Workers: 4, Retry: workflow.RetryPolicy{Attempts: 10, Base: time.Second, Max: 10 * time.Second}})
		require.NoError(t, err)
		c := mkCustomer(t, st, "gus", true)
		const n = 30
		want := map[string]string{}
		for range n {
			o := mkOrder(c.ID, t0, order.StatusPaid)
			require.NoError(t, st.CreateOrder(ctx, &o))
			want[o.ID.String()] = o.Number
		}
		for range 40 {
			_, err := eng.Step(ctx)
			require.NoError(t, err)
			clk.Advance(5 * time.Second)
		}
		requests, distinct, bad := rcv.stats()
		assert.Equal(t, n, distinct, "every order delivered")
		assert.Greater(t, requests, n, "failures were retried")
		assert.Zero(t, bad, "every request signed")
		for _, p := range rcv.keys {
			require.NotNil(t, p.Order)
			assert.Equal(t, want[p.Order.ID.String()], p.Order.Number)
			assert.Equal(t, "gus@example.com", p.Customer.Email)
		}
		assert.Len(t, deliveries(t, state, workflow.DeliveryFilter{Status: workflow.StatusDone}), n)
		retried, timeouts, errors5xx := 0, 0, 0
		for _, r := range runs(t, state, workflow.RunFilter{Rule: "to-erp"}) {
			if r.Result == workflow.ResultRetry {
				retried++
			}
			switch {
			case strings.Contains(r.Detail, "deadline exceeded"):
				timeouts++
			case strings.Contains(r.Detail, "answered 50"):
				errors5xx++
			}
		}
		assert.Equal(t, requests-n, retried, "one retry per failed request")
		assert.Equal(t, retried, timeouts+errors5xx)
		assert.Positive(t, timeouts, "some attempts timed out")
		assert.Positive(t, errors5xx, "some attempts got 500 or 503")
	})
}

// TestWebhookDeadLetter: a receiver that always fails gets the budget of
// attempts, then the delivery is a dead letter; one that refuses (4xx) is
// dead at once; a wrong secret is refused by the receiver.
func TestWebhookDeadLetter(t *testing.T) {
	forEachState(t, func(t *testing.T, state workflow.State) {
		ctx := context.Background()
		down, downSrv := newReceiver(t, "k", func(int) int { return 502 })
		_, goneSrv := newReceiver(t, "k", func(int) int { return 410 })
		wrong, wrongSrv := newReceiver(t, "other", func(int) int { return 0 })
		st := memory.New()
		clk := newClock(t0)
		rules := []workflow.Rule{
			{Name: "down", Trigger: workflow.CustomerCreated(), Action: &workflow.Webhook{URL: downSrv.URL, Secret: []byte("k")}},
			{Name: "gone", Trigger: workflow.CustomerCreated(), Action: &workflow.Webhook{URL: goneSrv.URL, Secret: []byte("k")}},
			{Name: "wrong", Trigger: workflow.CustomerCreated(), Action: &workflow.Webhook{URL: wrongSrv.URL, Secret: []byte("k")}},
		}
		eng, err := workflow.New(st, state, rules, &workflow.Options{Clock: clk.Now,
			Retry: workflow.RetryPolicy{Attempts: 5, Base: time.Second, Max: 4 * time.Second}})
		require.NoError(t, err)
		mkCustomer(t, st, "hal", true)
		for range 30 {
			_, err := eng.Step(ctx)
			require.NoError(t, err)
			clk.Advance(5 * time.Second)
		}
		requests, distinct, _ := down.stats()
		assert.Equal(t, 5, requests)
		assert.Zero(t, distinct)
		dead := deliveries(t, state, workflow.DeliveryFilter{Status: workflow.StatusDead})
		require.Len(t, dead, 3)
		byRule := map[string]workflow.Delivery{}
		for _, d := range dead {
			byRule[d.Rule] = d
		}
		assert.Equal(t, 5, byRule["down"].Attempts)
		assert.Contains(t, byRule["down"].LastError, "502")
		assert.Equal(t, 1, byRule["gone"].Attempts, "4xx is permanent")
		assert.Equal(t, 1, byRule["wrong"].Attempts, "401 from a receiver that refuses the signature")
		_, _, bad := wrong.stats()
		assert.Equal(t, 1, bad)

		// The receiver is mended: the dead letter is requeued and delivered.
		down.mu.Lock()
		down.fail = func(int) int { return 0 }
		down.mu.Unlock()
		ok, err := eng.Requeue(ctx, byRule["down"].Key)
		require.NoError(t, err)
		assert.True(t, ok)
		ok, err = eng.Requeue(ctx, byRule["down"].Key)
		require.NoError(t, err)
		assert.False(t, ok, "no longer dead")
		s, err := eng.Step(ctx)
		require.NoError(t, err)
		assert.Equal(t, 1, s.Delivered)
		_, distinct, _ = down.stats()
		assert.Equal(t, 1, distinct)
		rs := runs(t, state, workflow.RunFilter{Key: byRule["down"].Key})
		require.Len(t, rs, 6)
		assert.Equal(t, workflow.ResultOK, rs[5].Result)
		assert.Equal(t, 1, rs[5].Attempt, "a fresh budget")
	})
}

func TestVerifyWebhook(t *testing.T) {
	secret := []byte("shh")
	body := []byte(`{"key":"k"}`)
	now := time.Unix(1_800_000_000, 0)
	h := http.Header{}
	h.Set(workflow.HeaderTimestamp, "1800000000")
	h.Set(workflow.HeaderSignature, workflow.SignWebhook(secret, "1800000000", body))
	require.NoError(t, workflow.VerifyWebhook(secret, h, body, now, 0))
	// The signature is HMAC-SHA256 over "timestamp.body", in hex, worked
	// out independently with: printf '1800000000.{"key":"k"}' | openssl dgst -sha256 -hmac shh
	assert.Equal(t, "v1=413333c5d5468aa38066e9e03235b511b87d52062c3b2fabaf183bf4bf873690", h.Get(workflow.HeaderSignature))
	assert.ErrorIs(t, workflow.VerifyWebhook(secret, h, []byte(`{"key":"x"}`), now, 0), workflow.ErrBadSignature)
	assert.ErrorIs(t, workflow.VerifyWebhook([]byte("other"), h, body, now, 0), workflow.ErrBadSignature)
	assert.ErrorIs(t, workflow.VerifyWebhook(secret, h, body, now.Add(10*time.Minute), 0), workflow.ErrBadSignature, "too old")
}
