package workflow

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

const markJournalStart = "journal.start"

// ingest reads the journal after the cursor to its end and turns matching
// changes into deliveries, one state commit per batch of changes: the
// deliveries and the new cursor go in together, so a crash in between
// re-reads the batch and the keys already stored keep it from adding
// anything twice.
func (e *Engine) ingest(ctx context.Context, now time.Time, ps *population) (read, added int, err error) {
	cursor, err := e.state.Cursor(ctx)
	if err != nil {
		return 0, 0, err
	}
	if cursor == 0 && e.opt.FromHead {
		if _, started, err := e.state.Mark(ctx, markJournalStart); err != nil {
			return 0, 0, err
		} else if !started {
			head, _, err := e.journal.JournalHead(ctx)
			if err != nil {
				return 0, 0, err
			}
			if _, err := e.state.Commit(ctx, Batch{Cursor: head, Marks: map[string]time.Time{markJournalStart: now}}); err != nil {
				return 0, 0, err
			}
			cursor = head
		}
	}
	hasChangeRules := false
	for i := range e.rules {
		hasChangeRules = hasChangeRules || !e.rules[i].Trigger.scanned()
	}
	for {
		var changes []store.Change
		for c, err := range e.journal.Changes(ctx, store.ChangeFilter{AfterSeq: cursor, Limit: e.opt.BatchSize}) {
			if err != nil {
				return read, added, fmt.Errorf("workflow: reading the journal after %d: %w", cursor, err)
			}
			changes = append(changes, c)
		}
		if len(changes) == 0 {
			return read, added, nil
		}
		b := Batch{Cursor: changes[len(changes)-1].Seq}
		if hasChangeRules {
			for i := range changes {
				ds, err := e.deliveriesFor(ctx, &changes[i], now, ps)
				if err != nil {
					return read, added, err
				}
				b.Deliveries = append(b.Deliveries, ds...)
			}
		}
		n, err := e.state.Commit(ctx, b)
		if err != nil {
			return read, added, err
		}
		read += len(changes)
		added += n
		cursor = b.Cursor
		if len(changes) < e.opt.BatchSize {
			return read, added, nil
		}
	}
}

// deliveriesFor returns the deliveries one change fires.
func (e *Engine) deliveriesFor(ctx context.Context, c *store.Change, now time.Time, ps *population) ([]Delivery, error) {
	// The engine's own writes (tags) and records of no customer (products,
	// anonymous events, bulk loads) fire nothing.
	if c.Actor == e.opt.Actor || c.CustomerID == uuid.Nil {
		return nil, nil
	}
	var out []Delivery
	var cust *customer.Customer
	loaded := false
	for i := range e.rules {
		r := &e.rules[i]
		if !r.Trigger.matches(c) {
			continue
		}
		if r.cond != nil {
			if !loaded {
				loaded = true
				got, err := e.st.GetCustomer(ctx, c.CustomerID)
				switch {
				case err == nil:
					cust = &got
				case !errors.Is(err, store.ErrNotFound):
					return nil, fmt.Errorf("workflow: reading customer %s for change %d: %w", c.CustomerID, c.Seq, err)
				}
			}
			if cust == nil {
				e.log.Debug("condition not evaluated: customer gone", "rule", r.Name, "seq", c.Seq)
				continue
			}
			f, err := ps.factsOf(ctx, cust, r.cond)
			if err != nil {
				return nil, err
			}
			if !r.cond.Match(&f, now) {
				e.log.Debug("condition not met", "rule", r.Name, "seq", c.Seq, "customer", c.CustomerID)
				continue
			}
		}
		out = append(out, Delivery{
			Key: fmt.Sprintf("%s/seq/%d", r.Name, c.Seq), Rule: r.Name, Trigger: TriggerChange, Seq: c.Seq,
			CustomerID: c.CustomerID, Entity: c.Entity, EntityID: c.EntityID,
			Status: StatusPending, NextAt: now, CreatedAt: now, UpdatedAt: now,
		})
	}
	return out, nil
}
