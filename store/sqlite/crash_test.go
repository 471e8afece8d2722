package sqlite

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// The crash test runs a writer in a child process (this test binary
// re-executed with crashChildEnv set), kills it with SIGKILL at a random
// moment, reopens the file and checks what survived. Two kinds of write:
//
//   - "events": AppendEvents of crashBatch events sharing a SessionID;
//   - "load": LoadBatch of a customer, an order and an event sharing a key.
//
// The child prints "ack <kind> <key>" after each call returned, i.e. after
// the commit; every acknowledged key must be there in full, and every key
// found must be whole (a batch is all-or-nothing). Each write is made under
// the actor "<kind> <key>", so the journal can be held to the data: exactly
// the changes of the writes found (crashBatch appends per event batch, one
// load change per kind of a load), and a chain that verifies.
const (
	crashChildEnv = "CRMKIT_SQLITE_CRASH_CHILD"
	crashRounds   = 20
	crashBatch    = 20
)

func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test re-executes the test binary; skipped with -short")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	rng := rand.New(rand.NewPCG(20240301, 7))
	acked := map[string]bool{} // "kind key" acknowledged by some child
	for round := range crashRounds {
		acks, err := runAndKillAt(path, round, time.Duration(rng.IntN(40))*time.Millisecond, false)
		require.NoError(t, err, "round %d", round)
		for _, a := range acks {
			acked[a] = true
		}
		checkCrashFile(t, path, acked, round)
	}
	t.Logf("%d rounds, %d acknowledged writes survived", crashRounds, len(acked))
}

// runAndKillAt starts the child writer, lets it run for delay after its first
// acknowledgement, kills it with SIGKILL and returns the complete ack lines.
// With fromStart the delay counts from the child's start instead, so the
// kill may land while it opens and migrates the file.
func runAndKillAt(path string, round int, delay time.Duration, fromStart bool) ([]string, error) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+path, fmt.Sprintf("CRMKIT_SQLITE_CRASH_ROUND=%d", round))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	lines := make(chan string)
	go func() {
		defer close(lines)
		r := bufio.NewReader(out)
		for {
			// A line cut short by the kill has no newline: not an ack.
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			if rest, ok := strings.CutPrefix(line, "ack "); ok {
				lines <- strings.TrimSpace(rest)
			}
		}
	}()
	var acks []string
	var killAt <-chan time.Time
	if fromStart {
		killAt = time.After(delay)
	}
	deadline := time.After(20 * time.Second)
	for {
		select {
		case a, ok := <-lines:
			if !ok {
				if err := cmd.Wait(); fromStart && err != nil && strings.Contains(err.Error(), "killed") {
					return acks, nil // the kill landed before the first ack
				}
				return acks, fmt.Errorf("child ended before it was killed after %d acks", len(acks))
			}
			acks = append(acks, a)
			if killAt == nil {
				killAt = time.After(delay)
			}
		case <-killAt:
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				return acks, err
			}
			for a := range lines { // acks written before the kill landed
				acks = append(acks, a)
			}
			cmd.Wait()
			return acks, nil
		case <-deadline:
			cmd.Process.Kill()
			cmd.Wait()
			return acks, fmt.Errorf("child gave no acknowledgement in time")
		}
	}
}

// checkCrashFile reopens the file after a kill and checks integrity,
// presence of everything acknowledged and atomicity of everything present.
func checkCrashFile(t *testing.T, path string, acked map[string]bool, round int) {
	ctx := context.Background()
	st, err := Open(path, nil)
	require.NoError(t, err, "round %d: reopen", round)
	defer st.Close()
	var check string
	require.NoError(t, st.reader.QueryRow(`PRAGMA integrity_check`).Scan(&check))
	require.Equal(t, "ok", check, "round %d", round)

	sessions := map[string]int{}
	for e, err := range st.Events(ctx, store.EventFilter{}) {
		require.NoError(t, err)
		sessions[e.SessionID]++
	}
	for sess, n := range sessions {
		if strings.HasPrefix(sess, "events ") {
			require.Equal(t, crashBatch, n, "round %d: batch %s half-written", round, sess)
		}
	}
	for a := range acked {
		kind, key, _ := strings.Cut(a, " ")
		switch kind {
		case "events":
			require.Equal(t, crashBatch, sessions["events "+key], "round %d: acknowledged batch %s lost", round, key)
		case "load":
			require.Equal(t, 1, sessions["load "+key], "round %d: acknowledged load %s lost its event", round, key)
		}
	}
	// Every load present is whole: customer, order and event together.
	var customers, orders int
	for c, err := range st.Customers(ctx, store.CustomerFilter{}) {
		require.NoError(t, err)
		customers++
		_, err := st.GetOrderByNumber(ctx, "o-"+c.ExternalID)
		require.NoError(t, err, "round %d: customer %s without its order", round, c.ExternalID)
		require.Equal(t, 1, sessions["load "+c.ExternalID], "round %d: customer %s without its event", round, c.ExternalID)
	}
	for _, err := range st.Orders(ctx, store.OrderFilter{}) {
		require.NoError(t, err)
		orders++
	}
	require.Equal(t, customers, orders, "round %d", round)
	checkCrashJournal(t, st, sessions, round)
}

// checkCrashJournal holds the journal to the data that survived: one change
// per record of every committed event batch, one per kind of every
// committed load, nothing for a write that was lost, and an unbroken chain.
func checkCrashJournal(t *testing.T, st *Store, sessions map[string]int, round int) {
	ctx := context.Background()
	byActor := map[string][]store.Change{}
	var prev store.Digest
	var n int64
	for c, err := range st.Changes(ctx, store.ChangeFilter{}) {
		require.NoError(t, err)
		n++
		require.Equal(t, n, c.Seq, "round %d: journal Seq", round)
		require.Equal(t, prev, c.PrevHash, "round %d: change %d PrevHash", round, c.Seq)
		require.Equal(t, store.ChainHash(prev, c), c.Hash, "round %d: change %d Hash", round, c.Seq)
		prev = c.Hash
		byActor[c.Actor] = append(byActor[c.Actor], c)
	}
	seq, head, err := st.JournalHead(ctx)
	require.NoError(t, err)
	require.Equal(t, n, seq, "round %d: head", round)
	require.Equal(t, prev, head, "round %d: head hash", round)
	for sess := range sessions {
		require.Contains(t, byActor, sess, "round %d: committed write %q has no change", round, sess)
	}
	for actor, cs := range byActor {
		require.Contains(t, sessions, actor, "round %d: change of write %q whose data is gone", round, actor)
		if strings.HasPrefix(actor, "events ") {
			require.Len(t, cs, crashBatch, "round %d: %s", round, actor)
			for _, c := range cs {
				require.Equal(t, store.OpAppend, c.Op, "round %d: %s", round, actor)
			}
			continue
		}
		require.Len(t, cs, 3, "round %d: %s: one load change per kind", round, actor)
		for i, e := range []store.Entity{store.EntityCustomer, store.EntityOrder, store.EntityEvent} {
			require.Equal(t, store.OpLoad, cs[i].Op, "round %d: %s", round, actor)
			require.Equal(t, e, cs[i].Entity, "round %d: %s", round, actor)
			require.Equal(t, 1, cs[i].Count, "round %d: %s", round, actor)
		}
	}
}

// TestCrashDuringMigration kills the child while it creates and migrates
// new files, at random moments from its start: reopening must then find
// the schema either not begun or whole, never half-applied.
func TestCrashDuringMigration(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test re-executes the test binary; skipped with -short")
	}
	ms, err := migrations()
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(20240301, 11))
	dir := t.TempDir()
	for round := range 5 {
		path := filepath.Join(dir, fmt.Sprintf("fresh-%d.db", round))
		_, err := runAndKillAt(path, round, time.Duration(5+rng.IntN(60))*time.Millisecond, true)
		require.NoError(t, err, "round %d", round)
		st, err := Open(path, nil)
		require.NoError(t, err, "round %d: reopen", round)
		var check string
		require.NoError(t, st.reader.QueryRow(`PRAGMA integrity_check`).Scan(&check))
		require.Equal(t, "ok", check, "round %d", round)
		var applied int
		require.NoError(t, st.reader.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&applied))
		require.Equal(t, len(ms), applied, "round %d", round)
		require.NoError(t, st.Close())
	}
}

// TestCrashChild is the writer of TestCrashSafety; it runs only when
// re-executed by it and writes until it is killed.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashChildEnv)
	if path == "" {
		t.Skip("runs only as the child process of TestCrashSafety")
	}
	round := os.Getenv("CRMKIT_SQLITE_CRASH_ROUND")
	ctx := context.Background()
	st, err := Open(path, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	cust := uuid.New()
	for i := 0; ; i++ {
		key := fmt.Sprintf("r%s-%d", round, i)
		kind := "events"
		if i%2 == 1 {
			kind = "load"
		}
		ctx := store.WithActor(ctx, kind+" "+key)
		if i%2 == 0 {
			evs := make([]behavior.Event, crashBatch)
			for j := range evs {
				evs[j] = behavior.Event{Kind: behavior.KindView, CustomerID: cust, SessionID: "events " + key,
					ProductID: fmt.Sprintf("p-%d", j), At: t0.Add(time.Duration(i*crashBatch+j) * time.Second)}
			}
			err = st.AppendEvents(ctx, evs)
		} else {
			c := customer.Customer{ID: uuid.New(), ExternalID: key, FirstName: "Crash", CreatedAt: t0}
			o := newOrder(c.ID, "o-"+key, t0.Add(time.Duration(i)*time.Second), order.StatusPaid)
			o.ID = uuid.New()
			e := behavior.Event{Kind: behavior.KindPurchase, CustomerID: c.ID, SessionID: "load " + key,
				ProductID: "p-1", OrderID: o.ID, At: o.PlacedAt}
			_, err = st.LoadBatch(ctx, store.Batch{Customers: []customer.Customer{c}, Orders: []order.Order{o},
				Events: []behavior.Event{e}}, store.ConflictFail)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "crash child:", err)
			os.Exit(2)
		}
		fmt.Printf("ack %s %s\n", kind, key)
	}
}
