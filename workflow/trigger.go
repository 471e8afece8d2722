package workflow

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/segment"
	"github.com/crmkit/crmkit/store"
)

// TriggerKind says what starts a rule.
type TriggerKind string

// The kinds of trigger.
const (
	// TriggerChange fires on a change recorded in the store's journal.
	TriggerChange TriggerKind = "change"
	// TriggerSchedule fires at the times of a cron expression, once per
	// customer that meets the rule's condition.
	TriggerSchedule TriggerKind = "schedule"
	// TriggerRelative fires a delay after an anchor in each customer's
	// history ("90 days after the last order").
	TriggerRelative TriggerKind = "relative"
	// TriggerSegmentEntry fires when a customer starts matching a segment
	// query.
	TriggerSegmentEntry TriggerKind = "segment_entry"
	// TriggerSegmentExit fires when a customer stops matching it.
	TriggerSegmentExit TriggerKind = "segment_exit"
)

// Trigger is what starts a rule. Build one with the functions below
// (OrderPlaced, Schedule, After, SegmentEntry, ...); the zero Trigger is
// invalid.
type Trigger struct {
	Kind TriggerKind
	// Entity, Ops and Detail select journal changes (TriggerChange): a change
	// matches when its entity is Entity, its operation one of Ops and its Detail holds
	// every pair given here. StatusChanged additionally requires that
	// "status.from" differs from "status.to".
	Entity        store.Entity
	Ops           []store.Op
	Detail        map[string]string
	StatusChanged bool
	// Cron is the schedule of TriggerSchedule.
	Cron *Cron
	// Relative is the schedule of TriggerRelative.
	Relative *Relative
	// Segment is the query of TriggerSegmentEntry and TriggerSegmentExit.
	Segment *segment.Query
}

// CustomerCreated fires when a customer profile is created.
func CustomerCreated() Trigger {
	return Trigger{Kind: TriggerChange, Entity: store.EntityCustomer, Ops: []store.Op{store.OpCreate}}
}

// CustomerUpdated fires when a customer profile is updated (merges
// included: the kept profile changes).
func CustomerUpdated() Trigger {
	return Trigger{Kind: TriggerChange, Entity: store.EntityCustomer, Ops: []store.Op{store.OpUpdate, store.OpMerge}}
}

// OrderPlaced fires when an order is created.
func OrderPlaced() Trigger {
	return Trigger{Kind: TriggerChange, Entity: store.EntityOrder, Ops: []store.Op{store.OpCreate}}
}

// OrderStatusChanged fires when an order moves to status to, or to any
// other status when to is empty.
func OrderStatusChanged(to order.Status) Trigger {
	t := Trigger{Kind: TriggerChange, Entity: store.EntityOrder, Ops: []store.Op{store.OpUpdate}, StatusChanged: true}
	if to != "" {
		t.Detail = map[string]string{store.DetailStatusTo: string(to)}
	}
	return t
}

// ReturnRequested fires when a return or refund request is created.
func ReturnRequested() Trigger {
	return Trigger{Kind: TriggerChange, Entity: store.EntityReturn, Ops: []store.Op{store.OpCreate}}
}

// EventAppended fires when a behaviour event of kind is appended, or of any
// kind when kind is empty. Anonymous events (no customer) never fire.
func EventAppended(kind behavior.Kind) Trigger {
	t := Trigger{Kind: TriggerChange, Entity: store.EntityEvent, Ops: []store.Op{store.OpAppend}}
	if kind != "" {
		t.Detail = map[string]string{store.DetailKind: string(kind)}
	}
	return t
}

// Schedule fires at the times of a cron expression (see Cron), once per
// customer that meets the rule's condition at that time.
func Schedule(expr string) (Trigger, error) {
	c, err := ParseCron(expr)
	if err != nil {
		return Trigger{}, err
	}
	return Trigger{Kind: TriggerSchedule, Cron: c}, nil
}

// After fires a delay after an anchor of each customer's history, such as
// "90 days after the last order" (see ParseRelative).
func After(text string) (Trigger, error) {
	r, err := ParseRelative(text)
	if err != nil {
		return Trigger{}, err
	}
	return Trigger{Kind: TriggerRelative, Relative: &r}, nil
}

// SegmentEntry fires when a customer starts matching q.
func SegmentEntry(q *segment.Query) Trigger { return Trigger{Kind: TriggerSegmentEntry, Segment: q} }

// SegmentExit fires when a customer stops matching q.
func SegmentExit(q *segment.Query) Trigger { return Trigger{Kind: TriggerSegmentExit, Segment: q} }

// scanned reports whether the trigger is evaluated by scanning customers
// rather than by reading the journal.
func (t *Trigger) scanned() bool { return t.Kind != TriggerChange }

// matches reports whether a journal change fires a change trigger.
func (t *Trigger) matches(c *store.Change) bool {
	if t.Kind != TriggerChange || c.Entity != t.Entity || !slices.Contains(t.Ops, c.Op) {
		return false
	}
	for k, v := range t.Detail {
		if c.Detail[k] != v {
			return false
		}
	}
	if t.StatusChanged && c.Detail[store.DetailStatusFrom] == c.Detail[store.DetailStatusTo] {
		return false
	}
	return true
}

// String describes the trigger for logs and the run log.
func (t Trigger) String() string {
	switch t.Kind {
	case TriggerChange:
		s := string(t.Entity) + " " + string(t.Ops[0])
		if t.StatusChanged {
			s = string(t.Entity) + " status changed"
		}
		for _, k := range slices.Sorted(maps.Keys(t.Detail)) {
			s += fmt.Sprintf(" %s=%s", k, t.Detail[k])
		}
		return s
	case TriggerSchedule:
		return "schedule " + t.Cron.String()
	case TriggerRelative:
		return t.Relative.String()
	case TriggerSegmentEntry:
		return "enters " + t.Segment.String()
	case TriggerSegmentExit:
		return "leaves " + t.Segment.String()
	}
	return string(t.Kind)
}

func (t *Trigger) validate(field string) error {
	switch t.Kind {
	case TriggerChange:
		if t.Entity == "" || len(t.Ops) == 0 {
			return invalid(field+".entity", string(t.Entity), "a change trigger needs an entity and at least one operation")
		}
	case TriggerSchedule:
		if t.Cron == nil {
			return invalid(field+".cron", "", "a schedule trigger needs a cron expression")
		}
	case TriggerRelative:
		if t.Relative == nil || t.Relative.Delay.Amount <= 0 {
			return invalid(field+".relative", "", "a relative trigger needs a positive delay")
		}
	case TriggerSegmentEntry, TriggerSegmentExit:
		if t.Segment == nil {
			return invalid(field+".segment", "", "a segment trigger needs a query")
		}
	default:
		return invalid(field+".kind", string(t.Kind), "unknown trigger kind")
	}
	return nil
}

// needsRFM reports whether evaluating q needs RFM scores of the population.
func needsRFM(q *segment.Query) bool {
	if q == nil {
		return false
	}
	for _, f := range q.Fields() {
		if strings.HasPrefix(f, "rfm_") {
			return true
		}
	}
	return false
}
