package workflow_test

import (
	"context"
	"iter"
	"sync"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/google/uuid"
)

// journaled is a memory store with a journal kept beside it, standing in
// for a backend's own journal in tests: each write and its change are made
// under one lock, so changes are numbered in commit order as the contract
// demands.
type journaled struct {
	*memory.Store
	mu      sync.Mutex
	changes []store.Change
}

var _ store.Journal = (*journaled)(nil)

func newJournaled() *journaled { return &journaled{Store: memory.New()} }

func (j *journaled) record(ctx context.Context, op store.Op, e store.Entity, id string, cust uuid.UUID, detail map[string]string) {
	j.changes = append(j.changes, store.Change{Seq: int64(len(j.changes) + 1), Actor: store.ActorFrom(ctx),
		Op: op, Entity: e, EntityID: id, CustomerID: cust, Count: 1, Detail: detail})
}

func (j *journaled) CreateCustomer(ctx context.Context, c *customer.Customer) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.Store.CreateCustomer(ctx, c); err != nil {
		return err
	}
	j.record(ctx, store.OpCreate, store.EntityCustomer, c.ID.String(), c.ID, nil)
	return nil
}

func (j *journaled) UpdateCustomer(ctx context.Context, c *customer.Customer) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.Store.UpdateCustomer(ctx, c); err != nil {
		return err
	}
	j.record(ctx, store.OpUpdate, store.EntityCustomer, c.ID.String(), c.ID, nil)
	return nil
}

func (j *journaled) DeleteCustomer(ctx context.Context, id uuid.UUID) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.Store.DeleteCustomer(ctx, id); err != nil {
		return err
	}
	j.record(ctx, store.OpDelete, store.EntityCustomer, id.String(), id, nil)
	return nil
}

func (j *journaled) CreateOrder(ctx context.Context, o *order.Order) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.Store.CreateOrder(ctx, o); err != nil {
		return err
	}
	j.record(ctx, store.OpCreate, store.EntityOrder, o.ID.String(), o.CustomerID, nil)
	return nil
}

func (j *journaled) UpdateOrder(ctx context.Context, o *order.Order) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	before, err := j.Store.GetOrder(ctx, o.ID)
	if err != nil {
		return err
	}
	if err := j.Store.UpdateOrder(ctx, o); err != nil {
		return err
	}
	j.record(ctx, store.OpUpdate, store.EntityOrder, o.ID.String(), o.CustomerID,
		map[string]string{"status.from": string(before.Status), "status.to": string(o.Status)})
	return nil
}

func (j *journaled) CreateReturn(ctx context.Context, r *order.Return) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.Store.CreateReturn(ctx, r); err != nil {
		return err
	}
	j.record(ctx, store.OpCreate, store.EntityReturn, r.ID.String(), r.CustomerID, nil)
	return nil
}

func (j *journaled) AppendEvents(ctx context.Context, es []behavior.Event) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	es = append([]behavior.Event(nil), es...)
	for i := range es {
		if es[i].ID == uuid.Nil {
			es[i].ID = uuid.Must(uuid.NewV7())
		}
	}
	if err := j.Store.AppendEvents(ctx, es); err != nil {
		return err
	}
	for _, e := range es {
		j.record(ctx, store.OpAppend, store.EntityEvent, e.ID.String(), e.CustomerID, map[string]string{"kind": string(e.Kind)})
	}
	return nil
}

func (j *journaled) Changes(ctx context.Context, f store.ChangeFilter) iter.Seq2[store.Change, error] {
	return func(yield func(store.Change, error) bool) {
		j.mu.Lock()
		var out []store.Change
		for _, c := range j.changes {
			if c.Seq > f.AfterSeq && (f.Limit == 0 || len(out) < f.Limit) {
				out = append(out, c)
			}
		}
		j.mu.Unlock()
		for _, c := range out {
			if !yield(c, nil) {
				return
			}
		}
	}
}

func (j *journaled) JournalHead(ctx context.Context) (int64, store.Digest, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return int64(len(j.changes)), store.Digest{}, nil
}
