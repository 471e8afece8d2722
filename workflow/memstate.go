package workflow

import (
	"cmp"
	"context"
	"iter"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"
)

// MemoryState is a State held in memory, for tests and for hosts that can
// afford to forget on restart. It is safe for concurrent use.
type MemoryState struct {
	mu         sync.Mutex
	closed     bool
	cursor     int64
	deliveries map[string]*Delivery
	marks      map[string]time.Time
	members    map[string]map[uuid.UUID]bool
	runs       []Run
	tasks      map[string]Task
}

var _ State = (*MemoryState)(nil)

// NewMemoryState returns an empty state.
func NewMemoryState() *MemoryState {
	return &MemoryState{deliveries: map[string]*Delivery{}, marks: map[string]time.Time{},
		members: map[string]map[uuid.UUID]bool{}, tasks: map[string]Task{}}
}

func (m *MemoryState) lock() error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return ErrStateClosed
	}
	return nil
}

// Cursor returns the journal position.
func (m *MemoryState) Cursor(ctx context.Context) (int64, error) {
	if err := m.lock(); err != nil {
		return 0, err
	}
	defer m.mu.Unlock()
	return m.cursor, nil
}

// Commit applies a batch atomically.
func (m *MemoryState) Commit(ctx context.Context, b Batch) (int, error) {
	if err := m.lock(); err != nil {
		return 0, err
	}
	defer m.mu.Unlock()
	added := 0
	for _, d := range b.Deliveries {
		if _, ok := m.deliveries[d.Key]; ok {
			continue
		}
		d := d
		m.deliveries[d.Key] = &d
		added++
	}
	m.cursor = max(m.cursor, b.Cursor)
	maps.Copy(m.marks, b.Marks)
	for _, e := range b.Enter {
		if m.members[e.Rule] == nil {
			m.members[e.Rule] = map[uuid.UUID]bool{}
		}
		m.members[e.Rule][e.CustomerID] = true
	}
	for _, l := range b.Leave {
		delete(m.members[l.Rule], l.CustomerID)
	}
	return added, nil
}

// Mark returns a recorded evaluation time.
func (m *MemoryState) Mark(ctx context.Context, name string) (time.Time, bool, error) {
	if err := m.lock(); err != nil {
		return time.Time{}, false, err
	}
	defer m.mu.Unlock()
	t, ok := m.marks[name]
	return t, ok, nil
}

// Members returns a copy of a rule's recorded segment members.
func (m *MemoryState) Members(ctx context.Context, rule string) (map[uuid.UUID]bool, error) {
	if err := m.lock(); err != nil {
		return nil, err
	}
	defer m.mu.Unlock()
	out := maps.Clone(m.members[rule])
	if out == nil {
		out = map[uuid.UUID]bool{}
	}
	return out, nil
}

// Claim leases due deliveries.
func (m *MemoryState) Claim(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]Delivery, error) {
	if err := m.lock(); err != nil {
		return nil, err
	}
	defer m.mu.Unlock()
	var due []*Delivery
	for _, d := range m.deliveries {
		if d.Status == StatusPending && !d.NextAt.After(now) {
			due = append(due, d)
		}
	}
	slices.SortFunc(due, func(a, b *Delivery) int {
		return cmp.Or(a.NextAt.Compare(b.NextAt), cmp.Compare(a.Key, b.Key))
	})
	if limit > 0 && len(due) > limit {
		due = due[:limit]
	}
	out := make([]Delivery, len(due))
	for i, d := range due {
		d.Attempts++
		d.NextAt = now.Add(lease)
		d.UpdatedAt = now
		out[i] = *d
	}
	return out, nil
}

// Finish records attempts' outcomes.
func (m *MemoryState) Finish(ctx context.Context, os ...Outcome) error {
	if err := m.lock(); err != nil {
		return err
	}
	defer m.mu.Unlock()
	for _, o := range os {
		if d, ok := m.deliveries[o.Key]; ok && d.Attempts == o.Attempt && d.Status == StatusPending {
			d.Status, d.NextAt, d.LastError, d.UpdatedAt = o.Status, o.NextAt, o.LastError, o.At
			if o.NextAt.IsZero() {
				d.NextAt = o.At
			}
		}
		r := o.Run
		r.ID = int64(len(m.runs) + 1)
		m.runs = append(m.runs, r)
	}
	return nil
}

// Requeue moves a dead letter back to pending.
func (m *MemoryState) Requeue(ctx context.Context, key string, now time.Time) (bool, error) {
	if err := m.lock(); err != nil {
		return false, err
	}
	defer m.mu.Unlock()
	d, ok := m.deliveries[key]
	if !ok || d.Status != StatusDead {
		return false, nil
	}
	d.Status, d.Attempts, d.NextAt, d.UpdatedAt = StatusPending, 0, now, now
	return true, nil
}

// Deliveries scans deliveries by key.
func (m *MemoryState) Deliveries(ctx context.Context, f DeliveryFilter) iter.Seq2[Delivery, error] {
	return func(yield func(Delivery, error) bool) {
		if err := m.lock(); err != nil {
			yield(Delivery{}, err)
			return
		}
		var out []Delivery
		for _, d := range m.deliveries {
			if (f.Rule == "" || d.Rule == f.Rule) && (f.Status == "" || d.Status == f.Status) &&
				(f.CustomerID == uuid.Nil || d.CustomerID == f.CustomerID) {
				out = append(out, *d)
			}
		}
		m.mu.Unlock()
		slices.SortFunc(out, func(a, b Delivery) int { return cmp.Compare(a.Key, b.Key) })
		for _, d := range out {
			if !yield(d, nil) {
				return
			}
		}
	}
}

// Runs scans the run log, oldest first.
func (m *MemoryState) Runs(ctx context.Context, f RunFilter) iter.Seq2[Run, error] {
	return func(yield func(Run, error) bool) {
		if err := m.lock(); err != nil {
			yield(Run{}, err)
			return
		}
		var out []Run
		for _, r := range m.runs {
			if (f.Rule == "" || r.Rule == f.Rule) && (f.Key == "" || r.Key == f.Key) &&
				(f.CustomerID == uuid.Nil || r.CustomerID == f.CustomerID) {
				out = append(out, r)
			}
		}
		m.mu.Unlock()
		for _, r := range out {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// AddTask stores a task unless its key exists.
func (m *MemoryState) AddTask(ctx context.Context, t Task) (bool, error) {
	if err := m.lock(); err != nil {
		return false, err
	}
	defer m.mu.Unlock()
	if _, ok := m.tasks[t.Key]; ok {
		return false, nil
	}
	m.tasks[t.Key] = t
	return true, nil
}

// Tasks scans tasks by due time, then key.
func (m *MemoryState) Tasks(ctx context.Context, f TaskFilter) iter.Seq2[Task, error] {
	return func(yield func(Task, error) bool) {
		if err := m.lock(); err != nil {
			yield(Task{}, err)
			return
		}
		var out []Task
		for _, t := range m.tasks {
			if (f.Rule == "" || t.Rule == f.Rule) && (f.Assignee == "" || t.Assignee == f.Assignee) &&
				(f.CustomerID == uuid.Nil || t.CustomerID == f.CustomerID) && (!f.Open || t.DoneAt.IsZero()) {
				out = append(out, t)
			}
		}
		m.mu.Unlock()
		slices.SortFunc(out, func(a, b Task) int { return cmp.Or(a.Due.Compare(b.Due), cmp.Compare(a.Key, b.Key)) })
		for _, t := range out {
			if !yield(t, nil) {
				return
			}
		}
	}
}

// CompleteTask marks an open task done.
func (m *MemoryState) CompleteTask(ctx context.Context, key string, at time.Time) (bool, error) {
	if err := m.lock(); err != nil {
		return false, err
	}
	defer m.mu.Unlock()
	t, ok := m.tasks[key]
	if !ok || !t.DoneAt.IsZero() {
		return false, nil
	}
	t.DoneAt = at.UTC()
	m.tasks[key] = t
	return true, nil
}

// Close marks the state closed.
func (m *MemoryState) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	return nil
}
