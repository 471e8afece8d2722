package workflow

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// deliver claims and attempts every delivery due, Workers at a time,
// until none is. Each claim reads the clock afresh, so that a long step's
// leases and attempt times stay true to the clock.
func (e *Engine) deliver(ctx context.Context) (StepStats, error) {
	var stats StepStats
	rules := make(map[string]*compiledRule, len(e.rules))
	for i := range e.rules {
		rules[e.rules[i].Name] = &e.rules[i]
	}
	for {
		if err := ctx.Err(); err != nil {
			return stats, err
		}
		now := e.opt.Clock()
		ds, err := e.state.Claim(ctx, now, e.opt.Lease, e.opt.ClaimBatch)
		if err != nil || len(ds) == 0 {
			return stats, err
		}
		// The attempts run Workers at a time; their outcomes are recorded
		// together, in one state transaction, once the batch is done.
		outcomes := make([]Outcome, len(ds))
		var wg sync.WaitGroup
		sem := make(chan struct{}, e.opt.Workers)
		for i, d := range ds {
			sem <- struct{}{}
			wg.Add(1)
			go func() {
				defer func() { <-sem; wg.Done() }()
				outcomes[i] = e.attempt(ctx, d, rules[d.Rule], now)
			}()
		}
		wg.Wait()
		// Outcomes of attempts that were made are recorded even when ctx
		// ends meanwhile: otherwise a shutdown would repeat them.
		if err := e.state.Finish(context.WithoutCancel(ctx), outcomes...); err != nil {
			return stats, err
		}
		for _, o := range outcomes {
			stats.Attempted++
			switch o.Run.Result {
			case ResultOK:
				stats.Delivered++
			case ResultRetry:
				stats.Retried++
			case ResultDead:
				stats.Dead++
			case ResultSkipped:
				stats.Skipped++
			}
		}
	}
}

// attempt performs one claimed delivery and says what became of it.
func (e *Engine) attempt(ctx context.Context, d Delivery, r *compiledRule, now time.Time) Outcome {
	o := Outcome{Key: d.Key, Attempt: d.Attempts, At: now,
		Run: Run{Key: d.Key, Rule: d.Rule, CustomerID: d.CustomerID, At: now, Attempt: d.Attempts}}
	finish := func(res Result, detail string) Outcome {
		o.Run.Result, o.Run.Detail = res, detail
		switch res {
		case ResultOK:
			o.Status = StatusDone
		case ResultSkipped:
			o.Status, o.LastError = StatusSkipped, detail
		case ResultDead:
			o.Status, o.LastError = StatusDead, detail
		default:
			o.Status, o.LastError = StatusPending, detail
			o.NextAt = now.Add(e.backoff(d.Attempts))
		}
		lvl := e.log.Debug
		if res == ResultDead || res == ResultSkipped {
			lvl = e.log.Info
		}
		lvl("workflow delivery", "key", d.Key, "attempt", d.Attempts, "result", string(res), "detail", detail)
		return o
	}
	if r == nil {
		// A delivery of a rule that was removed: nothing can perform it.
		o.Run.Trigger = string(d.Trigger)
		return finish(ResultDead, "no rule named "+d.Rule+" in this engine")
	}
	o.Run.Trigger = r.Trigger.String()
	if d.Attempts > e.opt.Retry.Attempts {
		// Earlier attempts lost their lease (their worker died) and used
		// up the budget.
		return finish(ResultDead, fmt.Sprintf("retry budget of %d attempts spent", e.opt.Retry.Attempts))
	}
	inv, err := e.invocation(ctx, d, r, now)
	if err != nil {
		return finish(e.failure(d, err))
	}
	if inv.Customer == nil {
		return finish(ResultSkipped, "customer "+d.CustomerID.String()+" is no longer in the store")
	}
	if m, ok := r.Action.(Marketer); ok {
		if ch, marketing := m.MarketingChannel(); marketing && !inv.Customer.HasConsent(ch) {
			return finish(ResultSkipped, "no "+string(ch)+" marketing consent")
		}
	}
	if err := e.do(store.WithActor(ctx, e.opt.Actor), r.Action, inv); err != nil {
		return finish(e.failure(d, err))
	}
	return finish(ResultOK, "")
}

// failure classifies an error of an attempt.
func (e *Engine) failure(d Delivery, err error) (Result, string) {
	switch {
	case errors.Is(err, ErrPermanent):
		return ResultDead, err.Error()
	case d.Attempts >= e.opt.Retry.Attempts:
		return ResultDead, fmt.Sprintf("after %d attempts: %v", d.Attempts, err)
	}
	return ResultRetry, err.Error()
}

// do runs the action, turning a panic into a permanent failure so that one
// bad action cannot take the worker down.
func (e *Engine) do(ctx context.Context, a Action, inv *Invocation) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = Permanent(fmt.Errorf("workflow: action %s panicked: %v", a.Name(), p))
		}
	}()
	return a.Do(ctx, inv)
}

// invocation reads what the action needs to see: the customer as it is
// now and the order or return the change was about.
func (e *Engine) invocation(ctx context.Context, d Delivery, r *compiledRule, now time.Time) (*Invocation, error) {
	inv := &Invocation{Key: d.Key, Rule: d.Rule, Trigger: r.Trigger.String(), Seq: d.Seq, Period: d.Period,
		CustomerID: d.CustomerID, Attempt: d.Attempts, Now: now, Store: e.st, state: e.state}
	c, err := e.st.GetCustomer(ctx, d.CustomerID)
	switch {
	case err == nil:
		inv.Customer = &c
	case !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	id, perr := uuid.Parse(d.EntityID)
	if perr != nil {
		return inv, nil
	}
	var orderID uuid.UUID
	switch d.Entity {
	case store.EntityOrder:
		orderID = id
	case store.EntityReturn:
		ret, err := e.st.GetReturn(ctx, id)
		switch {
		case err == nil:
			inv.Return, orderID = &ret, ret.OrderID
		case !errors.Is(err, store.ErrNotFound):
			return nil, err
		}
	}
	if orderID != uuid.Nil {
		o, err := e.st.GetOrder(ctx, orderID)
		switch {
		case err == nil:
			inv.Order = &o
		case !errors.Is(err, store.ErrNotFound):
			return nil, err
		}
	}
	return inv, nil
}
