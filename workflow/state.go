package workflow

import (
	"context"
	"iter"
	"time"

	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// State keeps the engine's own durable data: the journal cursor, the
// deliveries with their attempts and results, the run log, follow-up tasks,
// the last evaluation of each scheduled rule and the segment memberships
// it saw. NewMemoryState keeps it in memory (for tests); packages
// workflow/sqlitestate and workflow/pgstate keep it in SQLite and
// PostgreSQL. Implementations are safe for concurrent use and pass the
// checks of package workflow/statetest.
//
// Methods return ErrStateClosed after Close and wrap backend errors.
type State interface {
	// Cursor returns the Seq of the last journal change the engine has
	// turned into deliveries (0 at first).
	Cursor(ctx context.Context) (int64, error)
	// Commit applies b atomically: it inserts the deliveries whose keys are
	// new (a key already present, in any status, is left alone), moves the
	// cursor forward to b.Cursor when that is larger, sets the marks and
	// applies the membership changes. It returns how many deliveries were
	// new. Re-committing the same batch after a crash adds nothing.
	Commit(ctx context.Context, b Batch) (added int, err error)
	// Mark returns the time recorded for name by Commit; ok is false when
	// none is.
	Mark(ctx context.Context, name string) (t time.Time, ok bool, err error)
	// Members returns the customers recorded as members of the rule's
	// segment.
	Members(ctx context.Context, rule string) (map[uuid.UUID]bool, error)
	// Claim leases up to limit pending deliveries due at now (NextAt <=
	// now), oldest due first: each gets Attempts incremented and NextAt set
	// to now+lease, so that a worker that dies holding it loses it when the
	// lease runs out. The returned deliveries carry the new values.
	Claim(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]Delivery, error)
	// Finish records the outcomes of attempts, in one transaction, and
	// appends each one's Run to the run log. A delivery is changed only
	// while its Attempts still equal the outcome's Attempt, so a worker
	// whose lease ran out and whose delivery was claimed again cannot
	// overwrite the newer attempt.
	Finish(ctx context.Context, os ...Outcome) error
	// Requeue gives a dead letter a fresh retry budget: the delivery with
	// key goes back to pending, due at now, with its attempts reset. It
	// reports false when no dead delivery has the key.
	Requeue(ctx context.Context, key string, now time.Time) (bool, error)
	// Deliveries scans deliveries matching f, ordered by key.
	Deliveries(ctx context.Context, f DeliveryFilter) iter.Seq2[Delivery, error]
	// Runs scans the run log matching f, oldest first.
	Runs(ctx context.Context, f RunFilter) iter.Seq2[Run, error]
	// AddTask stores t unless a task with its key exists; it reports
	// whether it was added.
	AddTask(ctx context.Context, t Task) (bool, error)
	// Tasks scans follow-up tasks matching f, ordered by due time then key.
	Tasks(ctx context.Context, f TaskFilter) iter.Seq2[Task, error]
	// CompleteTask marks the open task with key done at the given time. It
	// reports false when no open task has the key (none, or done already),
	// so that completing twice keeps the first time.
	CompleteTask(ctx context.Context, key string, at time.Time) (bool, error)
	// Close releases the state's resources; closing twice is not an error.
	Close() error
}

// Status is where a delivery stands.
type Status string

// The delivery statuses.
const (
	StatusPending Status = "pending" // waiting for its first or next attempt
	StatusDone    Status = "done"    // the action succeeded
	StatusSkipped Status = "skipped" // not performed, for a logged reason (no consent, customer gone)
	StatusDead    Status = "dead"    // failed permanently or ran out of attempts: a dead letter
)

// Delivery is one firing of one rule for one customer, and its progress.
type Delivery struct {
	// Key is the idempotency key: the rule and the trigger event,
	// "rule/seq/42" for a journal change, "rule/<customer>/<time>" for
	// scheduled and segment triggers.
	Key        string
	Rule       string
	Trigger    TriggerKind
	Seq        int64 // journal change (change triggers)
	CustomerID uuid.UUID
	Entity     store.Entity // what the change was about (change triggers)
	EntityID   string
	// Period is the schedule time, the relative anchor, or the start of
	// the scan interval a segment entry or exit was seen in.
	Period    time.Time
	Status    Status
	Attempts  int
	NextAt    time.Time
	CreatedAt time.Time
	UpdatedAt time.Time
	LastError string
}

// Batch is what one Commit applies.
type Batch struct {
	// Cursor, when larger than the stored one, becomes the new cursor.
	Cursor     int64
	Deliveries []Delivery
	// Marks records evaluation times of scheduled rules, by name.
	Marks map[string]time.Time
	// Enter and Leave change segment memberships.
	Enter, Leave []Membership
}

// Membership names a customer in a rule's segment.
type Membership struct {
	Rule       string
	CustomerID uuid.UUID
}

// Outcome is the result of one attempt at a delivery.
type Outcome struct {
	Key     string
	Attempt int
	// Status is the new status: StatusPending to retry at NextAt.
	Status    Status
	NextAt    time.Time
	LastError string
	At        time.Time
	Run       Run
}

// Result is the result of an attempt in the run log.
type Result string

// The results in the run log.
const (
	ResultOK      Result = "ok"
	ResultRetry   Result = "retry"
	ResultDead    Result = "dead"
	ResultSkipped Result = "skipped"
)

// Run is one line of the run log: which rule fired for which customer, on
// what trigger, when, at which attempt and with what result.
type Run struct {
	ID         int64 // assigned by the state, ascending
	Key        string
	Rule       string
	CustomerID uuid.UUID
	Trigger    string
	At         time.Time
	Attempt    int
	Result     Result
	// Detail is the error or the reason a delivery was skipped.
	Detail string
}

// Task is a follow-up task created by the Task action.
type Task struct {
	Key        string // the delivery's idempotency key
	Rule       string
	CustomerID uuid.UUID
	Title      string
	Note       string
	Assignee   string
	Due        time.Time
	CreatedAt  time.Time
	// DoneAt is when the task was completed (CompleteTask); zero while it
	// is open.
	DoneAt time.Time
}

// DeliveryFilter selects deliveries. Zero fields do not restrict.
type DeliveryFilter struct {
	Rule       string
	Status     Status
	CustomerID uuid.UUID
}

// RunFilter selects run log lines. Zero fields do not restrict.
type RunFilter struct {
	Rule       string
	CustomerID uuid.UUID
	Key        string
}

// TaskFilter selects tasks. Zero fields do not restrict.
type TaskFilter struct {
	Rule       string
	CustomerID uuid.UUID
	Assignee   string
	// Open selects only the tasks not yet completed.
	Open bool
}
