package workflow

import (
	"context"
	"time"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// Action is what a rule does when it fires. Do may run more than once for
// the same Invocation.Key (delivery is at least once: a crash after the
// action but before its result is recorded repeats it), so an action passes
// the key on to whoever can drop repeats — a webhook receiver, a mail
// provider — or is idempotent itself.
//
// Do returns nil on success. An error wrapped with Permanent dead-letters
// the delivery at once; any other error is retried with backoff until the
// retry budget is spent. Actions must be safe for concurrent use.
type Action interface {
	// Name says what the action does, for the run log ("email", "webhook").
	Name() string
	// Do performs the action for one firing.
	Do(ctx context.Context, inv *Invocation) error
}

// Marketer is implemented by actions that market to the customer over a
// channel needing consent. The engine skips them, with the reason in the
// run log, for customers whose consent on that channel is not in force at
// the time of delivery.
type Marketer interface {
	// MarketingChannel returns the channel and true for a marketing
	// action, or false for a transactional one (an order confirmation).
	MarketingChannel() (customer.Channel, bool)
}

// Invocation is one firing of a rule for one customer, as an action sees
// it. Templates (Email) see its fields: {{.Customer.FirstName}},
// {{.Order.Number}}.
type Invocation struct {
	// Key is the idempotency key: the same for every attempt at the same
	// firing, different for every other firing.
	Key  string
	Rule string
	// Trigger describes what fired the rule ("order create", "90 days after
	// the last order").
	Trigger string
	// Seq is the journal change that fired a change trigger; 0 otherwise.
	Seq int64
	// Period is the schedule time, anchor or scan interval of a scanned
	// trigger; zero for change triggers.
	Period     time.Time
	CustomerID uuid.UUID
	// Customer is the profile at delivery time; nil when it is gone.
	Customer *customer.Customer
	// Order is the order the change was about (or the order of a return);
	// nil for other triggers.
	Order *order.Order
	// Return is the return the change was about; nil otherwise.
	Return *order.Return
	// Attempt counts attempts at this key from 1.
	Attempt int
	// Now is the engine's clock at the attempt.
	Now time.Time
	// Store is the engine's store; writes through it should use Context,
	// which carries the engine's actor so its own writes fire no rules.
	Store store.Store

	state State
}

// Func is an action that calls a Go function.
type Func func(ctx context.Context, inv *Invocation) error

// Name returns "func".
func (Func) Name() string { return "func" }

// Do calls f.
func (f Func) Do(ctx context.Context, inv *Invocation) error { return f(ctx, inv) }

// Marketing marks any action as marketing on channel ch — an SMS sent
// through a Func, a webhook to an advertising platform — so the engine
// performs it only for customers whose consent on ch is in force.
func Marketing(ch customer.Channel, a Action) Action { return marketingAction{Action: a, ch: ch} }

type marketingAction struct {
	Action
	ch customer.Channel
}

func (m marketingAction) MarketingChannel() (customer.Channel, bool) { return m.ch, true }
