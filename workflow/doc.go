// Package workflow runs a shop's automations: rules that, when something
// happens to a customer, do something about it — reliably.
//
//	confirm, _ := workflow.NewEmail(mailer, workflow.EmailTemplate{
//		Subject: "Your order {{.Order.Number}}",
//		Body:    "Hello {{.Customer.FirstName}}, thank you for order {{.Order.Number}}.",
//	})
//	rules := []workflow.Rule{{Name: "order-confirmation", Trigger: workflow.OrderPlaced(), Action: confirm}}
//	state, _ := sqlitestate.Open("workflow.db", nil)
//	eng, err := workflow.New(st, state, rules, nil)
//	go eng.Run(ctx)
//
// # Rules
//
// A Rule has a Trigger, an optional Condition in the segment query
// language (segment.ParseQuery: "orders >= 2 AND tags CONTAINS 'vip'") and
// an Action. Triggers are
//   - store changes: CustomerCreated, CustomerUpdated, OrderPlaced,
//     OrderStatusChanged, ReturnRequested, EventAppended;
//   - cron schedules (Schedule, "0 8 * * MON"), firing once per customer
//     meeting the condition;
//   - relative schedules (After, "90 days after the last order"), firing
//     once per customer and anchor;
//   - segment entry and exit (SegmentEntry, SegmentExit): a customer
//     starts or stops matching a query, RFM segments included.
//
// Bulk loads (store.Load: imports, restores) are journaled as one change
// per kind of record, so they fire no change triggers — an import of last
// year's orders sends no confirmations — while scheduled and segment
// rules see the loaded records at their next scan.
//
// A scheduled or segment rule's first evaluation sets its baseline — the
// time it counts from, the members it starts with — and fires nothing, so
// a rule added to a shop with years of history does not mail all of it.
// Relative and segment rules are evaluated once in every
// Options.ScanInterval.
//
// Actions are Email (text/template over a pluggable Mailer), Webhook (JSON
// POST signed with HMAC-SHA256 over timestamp and body), Tag (add or remove
// customer tags), FollowUp (a task for a person, kept in the state until
// State.CompleteTask closes it) and
// Func (any Go function). An Email marked Marketing is sent only to
// customers whose e-mail consent is in force at delivery; the others are
// skipped, with the reason in the run log. The engine's own writes (Tag)
// carry its actor (store.WithActor, "workflow") and fire no rules, so a
// rule cannot loop on its own changes.
//
// # Reliability: the journal is the outbox
//
// A change that should start an action must not be lost between the write
// and the action, nor acted on when the write was rolled back. So the
// record of the change has to be written in the same transaction as the
// change itself — a transactional outbox. A decorator around a
// store.Store cannot do that: it sees a call before and after, never the
// backend's transaction, so whatever it writes to an outbox is either
// before the commit (and survives a rollback) or after it (and is lost by
// a crash in between). The outbox therefore lives in each backend as its
// store.Journal: every write appends its store.Change inside its own
// transaction, numbered by Seq in commit order. The engine reads
// Changes(AfterSeq: cursor) and, in one transaction of its State, inserts
// the deliveries those changes fire and advances the cursor. A crash
// before that commit re-reads the same changes; a crash after it finds the
// deliveries stored. Either way nothing committed is missed.
//
// # Delivery
//
// Each delivery has an idempotency key naming the rule and the trigger
// event: "rule/seq/42" for a journal change, "rule/<customer>/<time>" for
// a schedule period, a relative anchor or a segment evaluation. Deliveries
// are inserted "on conflict do nothing", so re-reading adds nothing twice.
// A worker claims due deliveries under a lease (Options.Lease); a worker
// that dies holding one loses it when the lease runs out and another
// attempt follows. Delivery is therefore at least once: an action that ran
// but whose result was not recorded runs again, with the same key, which
// actions pass on (the webhook's Idempotency-Key header, Message.Key for
// mailers) so that the receiver drops the repeat. Failed attempts are
// retried with exponential backoff and full jitter (RetryPolicy) until the
// budget is spent; then, or at once for an error wrapped with Permanent,
// the delivery is a dead letter (StatusDead). Every attempt leaves a line
// in the run log (State.Runs): rule, customer, trigger, time, attempt and
// result.
//
// # State
//
// The engine keeps its progress behind the State interface: NewMemoryState
// for tests, workflow/sqlitestate for a SQLite file, workflow/pgstate for
// PostgreSQL (where several engine processes may share the work). Package
// workflow/statetest checks the contract, for a host's own State too.
//
// Step does what is due once, against Options.Clock, so tests drive the
// engine deterministically; Run steps until its context ends. An Engine is
// safe for concurrent use.
package workflow
