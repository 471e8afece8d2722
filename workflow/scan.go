package workflow

import (
	"context"
	"fmt"
	"time"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

func markOf(rule string) string { return "rule." + rule }

func scannedKey(rule string, id uuid.UUID, period time.Time) string {
	return fmt.Sprintf("%s/%s/%s", rule, id, period.UTC().Format(time.RFC3339Nano))
}

// scan evaluates the scheduled and segment rules that are due. Each rule's
// first evaluation only sets its baseline (the time it starts counting
// from, the members it starts from), so a rule added to a shop with years
// of history does not fire for all of it. A rule's deliveries, its new
// mark and its membership changes are committed together.
func (e *Engine) scan(ctx context.Context, now time.Time, ps *population) (int, error) {
	added := 0
	for i := range e.rules {
		r := &e.rules[i]
		if !r.Trigger.scanned() {
			continue
		}
		mark, ok, err := e.state.Mark(ctx, markOf(r.Name))
		if err != nil {
			return added, err
		}
		var b Batch
		switch {
		case !ok && r.Trigger.Kind != TriggerSegmentEntry && r.Trigger.Kind != TriggerSegmentExit:
			b.Marks = map[string]time.Time{markOf(r.Name): now}
		case r.Trigger.Kind == TriggerSchedule:
			period := r.Trigger.Cron.Last(mark, now)
			if period.IsZero() {
				continue
			}
			if b, err = e.scanSchedule(ctx, r, period, now, ps); err != nil {
				return added, err
			}
		case ok && !now.Truncate(e.opt.ScanInterval).After(mark.Truncate(e.opt.ScanInterval)):
			continue // evaluated in this interval already
		case r.Trigger.Kind == TriggerRelative:
			if b, err = e.scanRelative(ctx, r, mark, now, ps); err != nil {
				return added, err
			}
		default:
			if b, err = e.scanSegment(ctx, r, !ok, now, ps); err != nil {
				return added, err
			}
		}
		n, err := e.state.Commit(ctx, b)
		if err != nil {
			return added, err
		}
		added += n
		if n > 0 {
			e.log.Info("rule fired", "rule", r.Name, "trigger", r.Trigger.String(), "deliveries", n)
		}
	}
	return added, nil
}

// eachCustomer calls fn with every customer and its facts loaded.
func (e *Engine) eachCustomer(ctx context.Context, ps *population, rfm bool, fn func(c *customer.Customer) error) error {
	if err := ps.load(ctx, rfm); err != nil {
		return err
	}
	for c, err := range e.st.Customers(ctx, store.CustomerFilter{}) {
		if err != nil {
			return err
		}
		if err := fn(&c); err != nil {
			return err
		}
	}
	return nil
}

func (e *Engine) scannedDelivery(r *compiledRule, id uuid.UUID, period, now time.Time) Delivery {
	return Delivery{Key: scannedKey(r.Name, id, period), Rule: r.Name, Trigger: r.Trigger.Kind,
		CustomerID: id, Period: period, Status: StatusPending, NextAt: now, CreatedAt: now, UpdatedAt: now}
}

// scanSchedule fires a cron rule for period: once per customer meeting
// the condition.
func (e *Engine) scanSchedule(ctx context.Context, r *compiledRule, period, now time.Time, ps *population) (Batch, error) {
	b := Batch{Marks: map[string]time.Time{markOf(r.Name): period}}
	err := e.eachCustomer(ctx, ps, needsRFM(r.cond), func(c *customer.Customer) error {
		f := ps.facts(c)
		if r.cond == nil || r.cond.Match(&f, now) {
			b.Deliveries = append(b.Deliveries, e.scannedDelivery(r, c.ID, period, now))
		}
		return nil
	})
	return b, err
}

// scanRelative fires a relative rule for every customer whose anchor plus
// the delay fell in (mark, now]. The anchor is the firing's period, so the
// same anchor never fires twice.
func (e *Engine) scanRelative(ctx context.Context, r *compiledRule, mark, now time.Time, ps *population) (Batch, error) {
	b := Batch{Marks: map[string]time.Time{markOf(r.Name): now}}
	rel := r.Trigger.Relative
	err := e.eachCustomer(ctx, ps, needsRFM(r.cond), func(c *customer.Customer) error {
		var anchor time.Time
		s := ps.sums[c.ID]
		switch rel.Anchor {
		case AnchorLastOrder:
			anchor = s.LastOrderAt
		case AnchorFirstOrder:
			anchor = s.FirstOrderAt
		default:
			anchor = c.CreatedAt
		}
		if anchor.IsZero() {
			return nil
		}
		due := rel.Delay.From(anchor)
		if !due.After(mark) || due.After(now) {
			return nil
		}
		f := ps.facts(c)
		if r.cond == nil || r.cond.Match(&f, now) {
			b.Deliveries = append(b.Deliveries, e.scannedDelivery(r, c.ID, anchor, now))
		}
		return nil
	})
	return b, err
}

// scanSegment compares the segment's members now with those recorded and
// fires for the customers who entered (or left). The first evaluation
// records the members without firing.
func (e *Engine) scanSegment(ctx context.Context, r *compiledRule, first bool, now time.Time, ps *population) (Batch, error) {
	b := Batch{Marks: map[string]time.Time{markOf(r.Name): now}}
	before, err := e.state.Members(ctx, r.Name)
	if err != nil {
		return b, err
	}
	q := r.Trigger.Segment
	entry := r.Trigger.Kind == TriggerSegmentEntry
	// The firing's period is the scan interval it was seen in, not the
	// moment: two engines sharing a state that both see a customer enter
	// in the same interval make the same key, and one delivery.
	period := now.Truncate(e.opt.ScanInterval)
	fire := func(c *customer.Customer) {
		f := ps.facts(c)
		if !first && (r.cond == nil || r.cond.Match(&f, now)) {
			b.Deliveries = append(b.Deliveries, e.scannedDelivery(r, c.ID, period, now))
		}
	}
	err = e.eachCustomer(ctx, ps, needsRFM(q) || needsRFM(r.cond), func(c *customer.Customer) error {
		f := ps.facts(c)
		in := q.Match(&f, now)
		was := before[c.ID]
		delete(before, c.ID)
		switch {
		case in && !was:
			b.Enter = append(b.Enter, Membership{Rule: r.Name, CustomerID: c.ID})
			if entry {
				fire(c)
			}
		case !in && was:
			b.Leave = append(b.Leave, Membership{Rule: r.Name, CustomerID: c.ID})
			if !entry {
				fire(c)
			}
		}
		return nil
	})
	// Members no longer in the store have left; there is no profile to act
	// on, so they only leave the record.
	for id := range before {
		b.Leave = append(b.Leave, Membership{Rule: r.Name, CustomerID: id})
	}
	return b, err
}
