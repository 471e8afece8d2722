package statetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/workflow"
	"github.com/google/uuid"
)

var t0 = time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC)

// Run runs every check, each on a fresh state from open; Run closes it.
func Run(t *testing.T, open func(t *testing.T) workflow.State) {
	for _, c := range []struct {
		name string
		fn   func(t *testing.T, s workflow.State)
	}{
		{"CommitIsIdempotent", commitIsIdempotent},
		{"CursorOnlyMovesForward", cursorOnlyMovesForward},
		{"MarksAndMembers", marksAndMembers},
		{"ClaimLeasesDueDeliveries", claimLeasesDueDeliveries},
		{"FinishGuardsAttempts", finishGuardsAttempts},
		{"RequeueDeadLetters", requeueDeadLetters},
		{"ScansPageAndFilter", scansPageAndFilter},
		{"Tasks", tasks},
		{"Closed", closed},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := open(t)
			defer s.Close()
			c.fn(t, s)
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func delivery(key string, cust uuid.UUID, due time.Time) workflow.Delivery {
	rule, _, _ := strings.Cut(key, "/")
	return workflow.Delivery{Key: key, Rule: rule, Trigger: workflow.TriggerChange, Seq: 7, CustomerID: cust,
		Entity: store.EntityOrder, EntityID: "o-1", Period: t0.Add(-time.Hour), Status: workflow.StatusPending,
		NextAt: due, CreatedAt: t0, UpdatedAt: t0}
}

func all[T any](t *testing.T, seq func(func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		must(t, err)
		out = append(out, v)
	}
	return out
}

func commitIsIdempotent(t *testing.T, s workflow.State) {
	ctx := context.Background()
	c := uuid.New()
	b := workflow.Batch{Cursor: 9, Deliveries: []workflow.Delivery{delivery("a/seq/1", c, t0), delivery("a/seq/2", c, t0)}}
	n, err := s.Commit(ctx, b)
	must(t, err)
	if n != 2 {
		t.Fatalf("first commit added %d, want 2", n)
	}
	n, err = s.Commit(ctx, b)
	must(t, err)
	if n != 0 {
		t.Fatalf("re-commit added %d, want 0", n)
	}
	ds := all(t, s.Deliveries(ctx, workflow.DeliveryFilter{}))
	if len(ds) != 2 {
		t.Fatalf("%d deliveries, want 2", len(ds))
	}
	want := delivery("a/seq/1", c, t0)
	if got := ds[0]; got.Key != want.Key || got.Rule != "a" || got.CustomerID != c || got.Seq != 7 ||
		got.Entity != store.EntityOrder || got.EntityID != "o-1" || !got.Period.Equal(want.Period) ||
		got.Status != workflow.StatusPending || !got.NextAt.Equal(t0) || got.Trigger != workflow.TriggerChange {
		t.Fatalf("stored %+v, want %+v", got, want)
	}
}

func cursorOnlyMovesForward(t *testing.T, s workflow.State) {
	ctx := context.Background()
	cur, err := s.Cursor(ctx)
	must(t, err)
	if cur != 0 {
		t.Fatalf("new state's cursor %d", cur)
	}
	for _, c := range []int64{5, 3, 0, 12} {
		_, err := s.Commit(ctx, workflow.Batch{Cursor: c})
		must(t, err)
	}
	cur, err = s.Cursor(ctx)
	must(t, err)
	if cur != 12 {
		t.Fatalf("cursor %d, want 12", cur)
	}
}

func marksAndMembers(t *testing.T, s workflow.State) {
	ctx := context.Background()
	if _, ok, err := s.Mark(ctx, "rule.x"); err != nil || ok {
		t.Fatalf("mark of a new state: ok %v, err %v", ok, err)
	}
	a, b := uuid.New(), uuid.New()
	_, err := s.Commit(ctx, workflow.Batch{Marks: map[string]time.Time{"rule.x": t0},
		Enter: []workflow.Membership{{Rule: "x", CustomerID: a}, {Rule: "x", CustomerID: b}, {Rule: "y", CustomerID: a}}})
	must(t, err)
	_, err = s.Commit(ctx, workflow.Batch{Marks: map[string]time.Time{"rule.x": t0.Add(time.Hour)},
		Enter: []workflow.Membership{{Rule: "x", CustomerID: a}}, Leave: []workflow.Membership{{Rule: "x", CustomerID: b}}})
	must(t, err)
	at, ok, err := s.Mark(ctx, "rule.x")
	must(t, err)
	if !ok || !at.Equal(t0.Add(time.Hour)) {
		t.Fatalf("mark %v %v, want %v", at, ok, t0.Add(time.Hour))
	}
	m, err := s.Members(ctx, "x")
	must(t, err)
	if len(m) != 1 || !m[a] {
		t.Fatalf("members of x: %v, want only %s", m, a)
	}
	m, err = s.Members(ctx, "none")
	must(t, err)
	if len(m) != 0 {
		t.Fatalf("members of an unknown rule: %v", m)
	}
}

func claimLeasesDueDeliveries(t *testing.T, s workflow.State) {
	ctx := context.Background()
	c := uuid.New()
	var ds []workflow.Delivery
	for i := range 5 {
		ds = append(ds, delivery(fmt.Sprintf("r/seq/%d", i), c, t0.Add(time.Duration(i)*time.Minute)))
	}
	_, err := s.Commit(ctx, workflow.Batch{Deliveries: ds})
	must(t, err)
	got, err := s.Claim(ctx, t0.Add(3*time.Minute), time.Hour, 2)
	must(t, err)
	keys := func(ds []workflow.Delivery) []string {
		var k []string
		for _, d := range ds {
			k = append(k, d.Key)
		}
		slices.Sort(k)
		return k
	}
	if k := keys(got); !slices.Equal(k, []string{"r/seq/0", "r/seq/1"}) {
		t.Fatalf("claimed %v, want the two due first", k)
	}
	for _, d := range got {
		if d.Attempts != 1 || !d.NextAt.Equal(t0.Add(3*time.Minute+time.Hour)) {
			t.Fatalf("claimed %s with attempts %d, next %v", d.Key, d.Attempts, d.NextAt)
		}
	}
	got, err = s.Claim(ctx, t0.Add(3*time.Minute), time.Hour, 0)
	must(t, err)
	if k := keys(got); !slices.Equal(k, []string{"r/seq/2", "r/seq/3"}) {
		t.Fatalf("second claim %v, want the rest of those due", k)
	}
	got, err = s.Claim(ctx, t0.Add(4*time.Minute), time.Hour, 0)
	must(t, err)
	if k := keys(got); !slices.Equal(k, []string{"r/seq/4"}) {
		t.Fatalf("third claim %v", k)
	}
	got, err = s.Claim(ctx, t0.Add(time.Hour), time.Hour, 0)
	must(t, err)
	if len(got) != 0 {
		t.Fatalf("claimed %v while leased", keys(got))
	}
	got, err = s.Claim(ctx, t0.Add(2*time.Hour), time.Hour, 0)
	must(t, err)
	if len(got) != 5 {
		t.Fatalf("claimed %d after the leases ran out, want 5", len(got))
	}
}

func finishGuardsAttempts(t *testing.T, s workflow.State) {
	ctx := context.Background()
	c := uuid.New()
	_, err := s.Commit(ctx, workflow.Batch{Deliveries: []workflow.Delivery{delivery("f/seq/1", c, t0), delivery("f/seq/2", c, t0)}})
	must(t, err)
	_, err = s.Claim(ctx, t0, time.Minute, 0)
	must(t, err)
	run := func(key string, attempt int, res workflow.Result) workflow.Run {
		return workflow.Run{Key: key, Rule: "f", CustomerID: c, Trigger: "order create", At: t0, Attempt: attempt, Result: res, Detail: "d"}
	}
	must(t, s.Finish(ctx,
		workflow.Outcome{Key: "f/seq/1", Attempt: 1, Status: workflow.StatusDone, At: t0, Run: run("f/seq/1", 1, workflow.ResultOK)},
		workflow.Outcome{Key: "f/seq/2", Attempt: 1, Status: workflow.StatusPending, NextAt: t0.Add(time.Second), LastError: "boom",
			At: t0, Run: run("f/seq/2", 1, workflow.ResultRetry)},
		workflow.Outcome{Key: "f/seq/1", Attempt: 7, Status: workflow.StatusDead, At: t0, Run: run("f/seq/1", 7, workflow.ResultDead)}))
	byKey := map[string]workflow.Delivery{}
	for _, d := range all(t, s.Deliveries(ctx, workflow.DeliveryFilter{})) {
		byKey[d.Key] = d
	}
	if d := byKey["f/seq/1"]; d.Status != workflow.StatusDone {
		t.Fatalf("f/seq/1 is %s: a stale attempt overwrote it", d.Status)
	}
	if d := byKey["f/seq/2"]; d.Status != workflow.StatusPending || d.LastError != "boom" || !d.NextAt.Equal(t0.Add(time.Second)) {
		t.Fatalf("retry recorded as %+v", d)
	}
	rs := all(t, s.Runs(ctx, workflow.RunFilter{CustomerID: c}))
	if len(rs) != 3 {
		t.Fatalf("%d runs, want 3 (every outcome is logged)", len(rs))
	}
	if r := rs[1]; r.Key != "f/seq/2" || r.Result != workflow.ResultRetry || r.Attempt != 1 || r.Trigger != "order create" ||
		r.Detail != "d" || !r.At.Equal(t0) || r.CustomerID != c || r.Rule != "f" || r.ID <= rs[0].ID {
		t.Fatalf("run %+v", r)
	}
	if rs := all(t, s.Runs(ctx, workflow.RunFilter{Key: "f/seq/1"})); len(rs) != 2 {
		t.Fatalf("%d runs of f/seq/1, want 2", len(rs))
	}
}

func requeueDeadLetters(t *testing.T, s workflow.State) {
	ctx := context.Background()
	_, err := s.Commit(ctx, workflow.Batch{Deliveries: []workflow.Delivery{delivery("q/seq/1", uuid.New(), t0)}})
	must(t, err)
	if ok, err := s.Requeue(ctx, "q/seq/1", t0); err != nil || ok {
		t.Fatalf("requeued a pending delivery: %v %v", ok, err)
	}
	_, err = s.Claim(ctx, t0, time.Minute, 0)
	must(t, err)
	must(t, s.Finish(ctx, workflow.Outcome{Key: "q/seq/1", Attempt: 1, Status: workflow.StatusDead, LastError: "gone", At: t0,
		Run: workflow.Run{Key: "q/seq/1", Rule: "q", At: t0, Attempt: 1, Result: workflow.ResultDead}}))
	if dead := all(t, s.Deliveries(ctx, workflow.DeliveryFilter{Status: workflow.StatusDead})); len(dead) != 1 {
		t.Fatalf("%d dead letters, want 1", len(dead))
	}
	ok, err := s.Requeue(ctx, "q/seq/1", t0.Add(time.Hour))
	must(t, err)
	if !ok {
		t.Fatal("dead letter not requeued")
	}
	got, err := s.Claim(ctx, t0.Add(time.Hour), time.Minute, 0)
	must(t, err)
	if len(got) != 1 || got[0].Attempts != 1 {
		t.Fatalf("after requeue claimed %+v, want one at attempt 1", got)
	}
}

func scansPageAndFilter(t *testing.T, s workflow.State) {
	ctx := context.Background()
	const n = 1234 // more than any page
	a, b := uuid.New(), uuid.New()
	var ds []workflow.Delivery
	for i := range n {
		c, rule := a, "even"
		if i%2 == 1 {
			c, rule = b, "odd"
		}
		ds = append(ds, delivery(fmt.Sprintf("%s/seq/%d", rule, i), c, t0))
	}
	_, err := s.Commit(ctx, workflow.Batch{Deliveries: ds})
	must(t, err)
	got := all(t, s.Deliveries(ctx, workflow.DeliveryFilter{}))
	if len(got) != n {
		t.Fatalf("scanned %d deliveries, want %d", len(got), n)
	}
	if !slices.IsSortedFunc(got, func(x, y workflow.Delivery) int { return strings.Compare(x.Key, y.Key) }) {
		t.Fatal("deliveries not in key order")
	}
	if odd := all(t, s.Deliveries(ctx, workflow.DeliveryFilter{Rule: "odd", CustomerID: b})); len(odd) != n/2 {
		t.Fatalf("%d odd deliveries, want %d", len(odd), n/2)
	}
	if none := all(t, s.Deliveries(ctx, workflow.DeliveryFilter{Rule: "odd", CustomerID: a})); len(none) != 0 {
		t.Fatalf("%d deliveries match contradicting filters", len(none))
	}
	claimed, err := s.Claim(ctx, t0, time.Minute, 0)
	must(t, err)
	var outs []workflow.Outcome
	for _, d := range claimed {
		outs = append(outs, workflow.Outcome{Key: d.Key, Attempt: 1, Status: workflow.StatusDone, At: t0,
			Run: workflow.Run{Key: d.Key, Rule: d.Rule, CustomerID: d.CustomerID, At: t0, Attempt: 1, Result: workflow.ResultOK}})
	}
	must(t, s.Finish(ctx, outs...))
	rs := all(t, s.Runs(ctx, workflow.RunFilter{}))
	if len(rs) != n {
		t.Fatalf("scanned %d runs, want %d", len(rs), n)
	}
	if !slices.IsSortedFunc(rs, func(x, y workflow.Run) int { return int(x.ID - y.ID) }) {
		t.Fatal("runs not oldest first")
	}
	if even := all(t, s.Runs(ctx, workflow.RunFilter{Rule: "even"})); len(even) != n/2 {
		t.Fatalf("%d runs of rule even, want %d", len(even), n/2)
	}
	// Stopping a scan early is allowed.
	for range s.Deliveries(ctx, workflow.DeliveryFilter{}) {
		break
	}
}

func tasks(t *testing.T, s workflow.State) {
	ctx := context.Background()
	c := uuid.New()
	const n = 700
	for i := range n {
		added, err := s.AddTask(ctx, workflow.Task{Key: fmt.Sprintf("call/seq/%d", i), Rule: "call", CustomerID: c,
			Title: "Call", Note: "n", Assignee: []string{"ann", "bo"}[i%2], Due: t0.Add(time.Duration(n-i%350) * time.Minute), CreatedAt: t0})
		must(t, err)
		if !added {
			t.Fatalf("task %d not added", i)
		}
	}
	added, err := s.AddTask(ctx, workflow.Task{Key: "call/seq/3", Title: "again", Due: t0, CreatedAt: t0})
	must(t, err)
	if added {
		t.Fatal("a task with a taken key was added")
	}
	got := all(t, s.Tasks(ctx, workflow.TaskFilter{}))
	if len(got) != n {
		t.Fatalf("scanned %d tasks, want %d", len(got), n)
	}
	if !slices.IsSortedFunc(got, func(x, y workflow.Task) int {
		if c := x.Due.Compare(y.Due); c != 0 {
			return c
		}
		return strings.Compare(x.Key, y.Key)
	}) {
		t.Fatal("tasks not ordered by due time, then key")
	}
	if got[0].Title != "Call" || got[0].CustomerID != c || got[0].Rule != "call" || !got[0].CreatedAt.Equal(t0) {
		t.Fatalf("task %+v", got[0])
	}
	if ann := all(t, s.Tasks(ctx, workflow.TaskFilter{Assignee: "ann", CustomerID: c})); len(ann) != n/2 {
		t.Fatalf("%d tasks for ann, want %d", len(ann), n/2)
	}
	if !got[0].DoneAt.IsZero() {
		t.Fatalf("a new task is done at %v", got[0].DoneAt)
	}

	// Completing: once, and only an existing task.
	done := t0.Add(90 * time.Minute)
	for i := 0; i < 10; i++ {
		ok, err := s.CompleteTask(ctx, fmt.Sprintf("call/seq/%d", i), done)
		must(t, err)
		if !ok {
			t.Fatalf("task %d not completed", i)
		}
	}
	ok, err := s.CompleteTask(ctx, "call/seq/0", done.Add(time.Hour))
	must(t, err)
	if ok {
		t.Fatal("a done task was completed again")
	}
	if ok, err := s.CompleteTask(ctx, "no/such/task", done); err != nil || ok {
		t.Fatalf("completing an unknown task: %v, %v", ok, err)
	}
	open := all(t, s.Tasks(ctx, workflow.TaskFilter{Open: true}))
	if len(open) != n-10 {
		t.Fatalf("%d open tasks, want %d", len(open), n-10)
	}
	for _, task := range open {
		if !task.DoneAt.IsZero() {
			t.Fatalf("open task %s is done at %v", task.Key, task.DoneAt)
		}
	}
	for _, task := range all(t, s.Tasks(ctx, workflow.TaskFilter{})) {
		var i int
		if _, err := fmt.Sscanf(task.Key, "call/seq/%d", &i); err == nil && i < 10 && !task.DoneAt.Equal(done) {
			t.Fatalf("task %s done at %v, want %v (the first completion)", task.Key, task.DoneAt, done)
		}
	}
}

func closed(t *testing.T, s workflow.State) {
	ctx := context.Background()
	must(t, s.Close())
	must(t, s.Close())
	if _, err := s.Cursor(ctx); err != workflow.ErrStateClosed {
		t.Fatalf("Cursor after Close: %v", err)
	}
	if _, err := s.Commit(ctx, workflow.Batch{Cursor: 1}); err != workflow.ErrStateClosed {
		t.Fatalf("Commit after Close: %v", err)
	}
	for _, err := range s.Deliveries(ctx, workflow.DeliveryFilter{}) {
		if err != workflow.ErrStateClosed {
			t.Fatalf("Deliveries after Close: %v", err)
		}
	}
}
