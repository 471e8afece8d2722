package workflow_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/sqlite"
	"github.com/crmkit/crmkit/workflow"
	"github.com/crmkit/crmkit/workflow/sqlitestate"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The crash test runs the engine in a child process (this test binary
// re-executed with crashDirEnv set) on a SQLite store and a SQLite state,
// delivering a webhook per order to a receiver in the parent. The parent
// kills the child with SIGKILL while a request is in flight — the
// receiver has taken it but not yet answered — writes more orders while no
// worker runs, and starts the next child. A last child drains everything
// and exits. Every order must reach the receiver, which drops repeats by
// idempotency key: repeats on the wire are allowed, a missing key is not.
const (
	crashDirEnv   = "CRMKIT_WORKFLOW_CRASH_DIR"
	crashURLEnv   = "CRMKIT_WORKFLOW_CRASH_URL"
	crashDrainEnv = "CRMKIT_WORKFLOW_CRASH_DRAIN"
	crashOrders   = 25 // written before each round
)

// crashRounds is how many workers are killed: fewer under the race
// detector, whose instrumented children start and run several times slower.
func crashRounds() int {
	if raceEnabled {
		return 4
	}
	return 8
}

// crashReceiver holds each request for a moment before answering, so that
// kills land mid-delivery; every fifth request fails with 500.
type crashReceiver struct {
	mu       sync.Mutex
	requests int
	keys     map[string]int
	arrived  chan struct{}
}

func (r *crashReceiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	if err := workflow.VerifyWebhook([]byte("crash"), req.Header, body, time.Now(), time.Minute); err != nil {
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	r.mu.Lock()
	r.requests++
	n := r.requests
	if n%5 != 0 {
		r.keys[req.Header.Get(workflow.HeaderIdempotencyKey)]++
	}
	r.mu.Unlock()
	select {
	case r.arrived <- struct{}{}:
	default:
	}
	time.Sleep(15 * time.Millisecond)
	if n%5 == 0 {
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func TestCrashMidDelivery(t *testing.T) {
	if testing.Short() {
		t.Skip("re-executes the test binary; skipped with -short")
	}
	ctx := context.Background()
	dir := t.TempDir()
	rcv := &crashReceiver{keys: map[string]int{}, arrived: make(chan struct{}, 1)}
	srv := httptest.NewServer(rcv)
	defer srv.Close()
	rng := rand.New(rand.NewPCG(5, 11))

	cust := customer.Customer{Email: "crash@example.com", FirstName: "Crash"}
	writeOrders := func(round int) {
		st, err := sqlite.Open(filepath.Join(dir, "shop.db"), nil)
		require.NoError(t, err)
		defer st.Close()
		if round == 0 {
			require.NoError(t, st.CreateCustomer(ctx, &cust))
		}
		for range crashOrders {
			o := mkOrder(cust.ID, t0, order.StatusPaid)
			require.NoError(t, st.CreateOrder(ctx, &o))
		}
	}
	kills := 0
	for round := range crashRounds() {
		writeOrders(round)
		cmd := crashChild(dir, srv.URL, false)
		require.NoError(t, cmd.Start())
		// Kill once the k-th request of this round is in the receiver's
		// hands, before it answers.
		k := 1 + rng.IntN(12)
		deadline := time.After(20 * time.Second)
		for seen := 0; seen < k; {
			select {
			case <-rcv.arrived:
				seen++
			case <-deadline:
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("round %d: no request reached the receiver", round)
			}
		}
		require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
		err := cmd.Wait()
		require.Error(t, err, "round %d: the child should have been killed", round)
		kills++
	}
	// The last worker runs until nothing is left.
	cmd := crashChild(dir, srv.URL, true)
	out, err := cmd.Output()
	require.NoError(t, err, "draining child: %s", out)

	st, err := sqlite.Open(filepath.Join(dir, "shop.db"), nil)
	require.NoError(t, err)
	defer st.Close()
	want := map[string]bool{}
	for c, err := range st.Changes(ctx, store.ChangeFilter{Entity: store.EntityOrder}) {
		require.NoError(t, err)
		if c.Op == store.OpCreate {
			want[fmt.Sprintf("confirm/seq/%d", c.Seq)] = true
		}
	}
	require.Len(t, want, crashRounds()*crashOrders)
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	repeats := 0
	for k, n := range rcv.keys {
		assert.True(t, want[k], "unexpected key %s", k)
		repeats += n - 1
	}
	for k := range want {
		assert.Contains(t, rcv.keys, k, "never delivered")
	}
	assert.Equal(t, len(want), len(rcv.keys), "distinct keys received")
	state, err := sqlitestate.Open(filepath.Join(dir, "state.db"), nil)
	require.NoError(t, err)
	defer state.Close()
	done := deliveries(t, state, workflow.DeliveryFilter{Status: workflow.StatusDone})
	assert.Len(t, done, len(want), "every delivery done in the state")
	t.Logf("%d kills mid-delivery, %d requests, %d keys, %d accepted repeats dropped by key", kills, rcv.requests, len(rcv.keys), repeats)
}

func crashChild(dir, url string, drain bool) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashWorkerChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashDirEnv+"="+dir, crashURLEnv+"="+url)
	if drain {
		cmd.Env = append(cmd.Env, crashDrainEnv+"=1")
	}
	cmd.Stderr = os.Stderr
	return cmd
}

// TestCrashWorkerChild is the worker of TestCrashMidDelivery; it runs only
// when re-executed by it.
func TestCrashWorkerChild(t *testing.T) {
	dir := os.Getenv(crashDirEnv)
	if dir == "" {
		t.Skip("runs only as the child process of TestCrashMidDelivery")
	}
	ctx := context.Background()
	st, err := sqlite.Open(filepath.Join(dir, "shop.db"), nil)
	require.NoError(t, err)
	defer st.Close()
	state, err := sqlitestate.Open(filepath.Join(dir, "state.db"), nil)
	require.NoError(t, err)
	defer state.Close()
	hook := &workflow.Webhook{URL: os.Getenv(crashURLEnv), Secret: []byte("crash"), Timeout: 5 * time.Second}
	eng, err := workflow.New(st, state, []workflow.Rule{{Name: "confirm", Trigger: workflow.OrderPlaced(), Action: hook}},
		&workflow.Options{Workers: 2, Lease: 300 * time.Millisecond, PollInterval: 10 * time.Millisecond,
			Retry: workflow.RetryPolicy{Attempts: 100, Base: 20 * time.Millisecond, Max: 200 * time.Millisecond}})
	require.NoError(t, err)
	if os.Getenv(crashDrainEnv) == "" {
		require.NoError(t, eng.Run(ctx)) // until killed
		return
	}
	for {
		_, err := eng.Step(ctx)
		require.NoError(t, err)
		pending := 0
		for _, err := range state.Deliveries(ctx, workflow.DeliveryFilter{Status: workflow.StatusPending}) {
			require.NoError(t, err)
			pending++
		}
		if pending == 0 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}
