package workflow_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/segment"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/crmkit/crmkit/workflow"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewNeedsJournal(t *testing.T) {
	noJournal := struct{ store.Store }{memory.New()} // only the Store methods
	_, err := workflow.New(noJournal, workflow.NewMemoryState(), nil, nil)
	assert.ErrorIs(t, err, workflow.ErrNoJournal)
}

func TestRulesAreValidated(t *testing.T) {
	act := newCounter().action()
	cases := []struct {
		field string
		rule  workflow.Rule
	}{
		{"rules[0].name", workflow.Rule{Name: "has space", Trigger: workflow.OrderPlaced(), Action: act}},
		{"rules[0].action", workflow.Rule{Name: "a", Trigger: workflow.OrderPlaced()}},
		{"rules[0].trigger.kind", workflow.Rule{Name: "a", Action: act}},
		{"rules[0].condition", workflow.Rule{Name: "a", Trigger: workflow.OrderPlaced(), Condition: "orders >>= 2", Action: act}},
	}
	for _, tc := range cases {
		_, err := workflow.New(memory.New(), workflow.NewMemoryState(), []workflow.Rule{tc.rule}, nil)
		var ve *workflow.ValidationError
		require.ErrorAs(t, err, &ve, tc.field)
		assert.Equal(t, tc.field, ve.Field)
		assert.ErrorIs(t, err, workflow.ErrInvalid)
	}
	_, err := workflow.New(memory.New(), workflow.NewMemoryState(), []workflow.Rule{
		{Name: "a", Trigger: workflow.OrderPlaced(), Action: act}, {Name: "a", Trigger: workflow.OrderPlaced(), Action: act}}, nil)
	assert.ErrorIs(t, err, workflow.ErrInvalid, "duplicate names")
}

// TestOrderConfirmation: each order placed sends one confirmation that
// shows the order; re-stepping and a restarted engine send nothing again.
func TestOrderConfirmation(t *testing.T) {
	forEachState(t, func(t *testing.T, state workflow.State) {
		ctx := context.Background()
		st := memory.New()
		clk := newClock(t0)
		mailer := &workflow.RecordingMailer{}
		email, err := workflow.NewEmail(mailer, workflow.EmailTemplate{From: "shop@example.com",
			Subject: "Your order {{.Order.Number}}", Body: "Hello {{.Customer.FirstName}}, we got order {{.Order.Number}} of {{money .Order.Total}} {{.Order.Currency}}."})
		require.NoError(t, err)
		rules := []workflow.Rule{{Name: "confirm", Trigger: workflow.OrderPlaced(), Action: email}}
		eng, err := workflow.New(st, state, rules, &workflow.Options{Clock: clk.Now})
		require.NoError(t, err)

		ada := mkCustomer(t, st, "ada", false) // no consent: confirmations are transactional
		bob := mkCustomer(t, st, "bob", true)
		o1, o2, o3 := mkOrder(ada.ID, t0, order.StatusPaid), mkOrder(bob.ID, t0, order.StatusPaid), mkOrder(ada.ID, t0, order.StatusPending)
		for _, o := range []*order.Order{&o1, &o2, &o3} {
			require.NoError(t, st.CreateOrder(ctx, o))
		}
		s, err := eng.Step(ctx)
		require.NoError(t, err)
		assert.Equal(t, 5, s.Changes)
		assert.Equal(t, 3, s.Enqueued)
		assert.Equal(t, 3, s.Delivered)
		msgs := mailer.Messages()
		require.Len(t, msgs, 3)
		slices.SortFunc(msgs, func(a, b workflow.Message) int { return strings.Compare(a.Key, b.Key) })
		assert.Equal(t, "ada@example.com", msgs[0].To)
		assert.Equal(t, "Your order "+o1.Number, msgs[0].Subject)
		assert.Equal(t, "Hello ada, we got order "+o1.Number+" of 29.95 EUR.", msgs[0].Text)
		assert.Equal(t, "confirm/seq/3", msgs[0].Key)

		s, err = eng.Step(ctx)
		require.NoError(t, err)
		assert.Zero(t, s.Enqueued+s.Attempted)
		eng2, err := workflow.New(st, state, rules, &workflow.Options{Clock: clk.Now})
		require.NoError(t, err)
		s, err = eng2.Step(ctx)
		require.NoError(t, err)
		assert.Zero(t, s.Changes+s.Enqueued+s.Attempted, "a restarted engine resumes at the cursor")
		assert.Len(t, mailer.Messages(), 3)

		rs := runs(t, state, workflow.RunFilter{CustomerID: ada.ID})
		require.Len(t, rs, 2)
		assert.Equal(t, workflow.ResultOK, rs[0].Result)
		assert.Equal(t, "confirm", rs[0].Rule)
		assert.Equal(t, "order create", rs[0].Trigger)
		assert.Equal(t, 1, rs[0].Attempt)
		assert.True(t, rs[0].At.Equal(t0))
	})
}

// TestChangeTriggers checks which journal changes fire which trigger.
func TestChangeTriggers(t *testing.T) {
	forEachState(t, func(t *testing.T, state workflow.State) {
		ctx := context.Background()
		st := memory.New()
		clk := newClock(t0)
		counts := map[string]*counter{}
		var rules []workflow.Rule
		for name, tr := range map[string]workflow.Trigger{
			"created": workflow.CustomerCreated(), "updated": workflow.CustomerUpdated(),
			"placed": workflow.OrderPlaced(), "status-any": workflow.OrderStatusChanged(""),
			"shipped": workflow.OrderStatusChanged(order.StatusShipped), "return": workflow.ReturnRequested(),
			"event-any": workflow.EventAppended(""), "review": workflow.EventAppended(behavior.KindReview),
		} {
			counts[name] = newCounter()
			rules = append(rules, workflow.Rule{Name: name, Trigger: tr, Action: counts[name].action()})
		}
		eng, err := workflow.New(st, state, rules, &workflow.Options{Clock: clk.Now})
		require.NoError(t, err)

		c := mkCustomer(t, st, "cy", true)
		c.LastName = "Young"
		require.NoError(t, st.UpdateCustomer(ctx, &c))
		o := mkOrder(c.ID, t0, order.StatusPaid)
		require.NoError(t, st.CreateOrder(ctx, &o))
		require.NoError(t, o.Transition(order.StatusShipped, t0.Add(time.Hour)))
		require.NoError(t, st.UpdateOrder(ctx, &o))
		require.NoError(t, o.Transition(order.StatusDelivered, t0.Add(48*time.Hour)))
		require.NoError(t, st.UpdateOrder(ctx, &o))
		o.PaymentMethod = "card" // an update without a status change
		require.NoError(t, st.UpdateOrder(ctx, &o))
		r := order.Return{OrderID: o.ID, CustomerID: c.ID, Items: []order.ReturnItem{{ProductID: "p-1", Quantity: 1, Amount: o.Lines[0].UnitPrice}},
			Amount: o.Lines[0].UnitPrice, Status: order.ReturnRequested, RequestedAt: t0.Add(72 * time.Hour), Reason: "too small"}
		require.NoError(t, st.CreateReturn(ctx, &r))
		require.NoError(t, st.AppendEvents(ctx, []behavior.Event{
			{Kind: behavior.KindView, CustomerID: c.ID, ProductID: "p-1", At: t0},
			{Kind: behavior.KindReview, CustomerID: c.ID, ProductID: "p-1", Rating: 2, At: t0},
			{Kind: behavior.KindView, VisitorID: "v-1", ProductID: "p-1", At: t0}, // anonymous: fires nothing
		}))
		_, err = eng.Step(ctx)
		require.NoError(t, err)
		want := map[string]int{"created": 1, "updated": 1, "placed": 1, "status-any": 2, "shipped": 1, "return": 1, "event-any": 2, "review": 1}
		for name, n := range want {
			calls, keys := counts[name].total()
			assert.Equal(t, n, calls, name)
			assert.Equal(t, n, keys, name)
		}
	})
}

// TestOwnWritesDoNotLoop: a rule that tags customers on every update would
// loop if its own update fired it again.
func TestOwnWritesDoNotLoop(t *testing.T) {
	forEachState(t, func(t *testing.T, state workflow.State) {
		ctx := context.Background()
		st := memory.New()
		rules := []workflow.Rule{{Name: "tag-updated", Trigger: workflow.CustomerUpdated(), Action: workflow.Tag{Add: []string{"touched"}}}}
		eng, err := workflow.New(st, state, rules, &workflow.Options{Clock: newClock(t0).Now})
		require.NoError(t, err)
		c := mkCustomer(t, st, "dee", true)
		c.FirstName = "Dee"
		require.NoError(t, st.UpdateCustomer(ctx, &c))
		for range 3 {
			_, err := eng.Step(ctx)
			require.NoError(t, err)
		}
		got, err := st.GetCustomer(ctx, c.ID)
		require.NoError(t, err)
		assert.True(t, got.HasTag("touched"))
		assert.Len(t, deliveries(t, state, workflow.DeliveryFilter{}), 1, "the tag's own update fired nothing")
		j := collect(t, st.Changes(ctx, store.ChangeFilter{}))
		assert.Equal(t, "workflow", j[len(j)-1].Actor)
	})
}

// TestConsentAndConditions: marketing mail goes only to customers whose
// consent holds at delivery; conditions filter at the trigger.
func TestConsentAndConditions(t *testing.T) {
	forEachState(t, func(t *testing.T, state workflow.State) {
		ctx := context.Background()
		st := memory.New()
		mailer := &workflow.RecordingMailer{}
		promo, err := workflow.NewEmail(mailer, workflow.EmailTemplate{Subject: "10% off your next order", Body: "Hi {{.Customer.FirstName}}", Marketing: true})
		require.NoError(t, err)
		rules := []workflow.Rule{{Name: "second-order-promo", Trigger: workflow.OrderPlaced(), Condition: "orders >= 2", Action: promo}}
		eng, err := workflow.New(st, state, rules, &workflow.Options{Clock: newClock(t0).Now})
		require.NoError(t, err)
		yes := mkCustomer(t, st, "yes", true)
		no := mkCustomer(t, st, "no", false)
		for _, id := range []customer.Customer{yes, no} {
			for i := range 2 {
				o := mkOrder(id.ID, t0.Add(time.Duration(i)*time.Hour), order.StatusPaid)
				require.NoError(t, st.CreateOrder(ctx, &o))
			}
		}
		s, err := eng.Step(ctx)
		require.NoError(t, err)
		// The condition reads the store when the journal is read: both
		// orders of each customer are in, so both changes qualify.
		assert.Equal(t, 4, s.Enqueued)
		assert.Equal(t, 2, s.Delivered)
		assert.Equal(t, 2, s.Skipped)
		for _, m := range mailer.Messages() {
			assert.Equal(t, "yes@example.com", m.To)
		}
		rs := runs(t, state, workflow.RunFilter{CustomerID: no.ID})
		require.Len(t, rs, 2)
		assert.Equal(t, workflow.ResultSkipped, rs[0].Result)
		assert.Equal(t, "no email marketing consent", rs[0].Detail)
		skipped := deliveries(t, state, workflow.DeliveryFilter{Status: workflow.StatusSkipped})
		assert.Len(t, skipped, 2)
	})
}

// TestRetryBackoffAndDeadLetter drives retries with the clock: waits grow
// within the full-jitter ceilings, a budget of 4 ends in a dead letter, a
// permanent error ends at once.
func TestRetryBackoffAndDeadLetter(t *testing.T) {
	forEachState(t, func(t *testing.T, state workflow.State) {
		ctx := context.Background()
		st := memory.New()
		clk := newClock(t0)
		flaky, broken, refused := newCounter(), newCounter(), newCounter()
		flaky.fail = func(_ string, attempt int) error {
			if attempt < 3 {
				return errors.New("try later")
			}
			return nil
		}
		broken.fail = func(string, int) error { return errors.New("down") }
		refused.fail = func(string, int) error { return workflow.Permanent(errors.New("400 bad request")) }
		rules := []workflow.Rule{
			{Name: "flaky", Trigger: workflow.CustomerCreated(), Action: flaky.action()},
			{Name: "broken", Trigger: workflow.CustomerCreated(), Action: broken.action()},
			{Name: "refused", Trigger: workflow.CustomerCreated(), Action: refused.action()},
		}
		base := 10 * time.Second
		eng, err := workflow.New(st, state, rules, &workflow.Options{Clock: clk.Now, Seed: 3,
			Retry: workflow.RetryPolicy{Attempts: 4, Base: base, Max: time.Minute}})
		require.NoError(t, err)
		mkCustomer(t, st, "eve", true)
		_, err = eng.Step(ctx)
		require.NoError(t, err)
		for range 200 {
			clk.Advance(time.Second)
			_, err = eng.Step(ctx)
			require.NoError(t, err)
		}
		calls, _ := flaky.total()
		assert.Equal(t, 3, calls)
		calls, _ = broken.total()
		assert.Equal(t, 4, calls, "the budget")
		calls, _ = refused.total()
		assert.Equal(t, 1, calls, "no retry after a permanent error")

		dead := deliveries(t, state, workflow.DeliveryFilter{Status: workflow.StatusDead})
		require.Len(t, dead, 2)
		assert.Contains(t, dead[0].LastError, "after 4 attempts: down")
		assert.Contains(t, dead[1].LastError, "400 bad request")
		rs := runs(t, state, workflow.RunFilter{Rule: "broken"})
		require.Len(t, rs, 4)
		for i := 1; i < 4; i++ {
			wait := rs[i].At.Sub(rs[i-1].At)
			ceil := min(base<<(i-1), time.Minute)
			assert.LessOrEqual(t, wait, ceil+time.Second, "wait before attempt %d", i+1)
			assert.Equal(t, workflow.ResultRetry, rs[i-1].Result)
		}
		assert.Equal(t, workflow.ResultDead, rs[3].Result)
	})
}

// TestLeaseExpiry: a delivery claimed by a worker that died is taken over
// when the lease runs out, and the budget counts the lost attempt.
func TestLeaseExpiry(t *testing.T) {
	forEachState(t, func(t *testing.T, state workflow.State) {
		ctx := context.Background()
		require.NoError(t, commitOne(ctx, state, "r/seq/1", t0))
		got, err := state.Claim(ctx, t0, time.Minute, 10)
		require.NoError(t, err)
		require.Len(t, got, 1)
		assert.Equal(t, 1, got[0].Attempts)
		again, err := state.Claim(ctx, t0.Add(30*time.Second), time.Minute, 10)
		require.NoError(t, err)
		assert.Empty(t, again, "leased")
		again, err = state.Claim(ctx, t0.Add(61*time.Second), time.Minute, 10)
		require.NoError(t, err)
		require.Len(t, again, 1)
		assert.Equal(t, 2, again[0].Attempts)
		// The first worker's late result does not overwrite the second's.
		require.NoError(t, state.Finish(ctx, workflow.Outcome{Key: "r/seq/1", Attempt: 1, Status: workflow.StatusDone, At: t0}))
		d := deliveries(t, state, workflow.DeliveryFilter{})
		assert.Equal(t, workflow.StatusPending, d[0].Status)
		require.NoError(t, state.Finish(ctx, workflow.Outcome{Key: "r/seq/1", Attempt: 2, Status: workflow.StatusDone, At: t0}))
		d = deliveries(t, state, workflow.DeliveryFilter{})
		assert.Equal(t, workflow.StatusDone, d[0].Status)
	})
}

func commitOne(ctx context.Context, state workflow.State, key string, at time.Time) error {
	_, err := state.Commit(ctx, workflow.Batch{Deliveries: []workflow.Delivery{{Key: key, Rule: strings.Split(key, "/")[0],
		Trigger: workflow.TriggerChange, Status: workflow.StatusPending, NextAt: at, CreatedAt: at, UpdatedAt: at}}})
	return err
}

// TestScheduleRelativeAndSegment drives the scanned triggers through time.
func TestScheduleRelativeAndSegment(t *testing.T) {
	forEachState(t, func(t *testing.T, state workflow.State) {
		ctx := context.Background()
		st := memory.New()
		clk := newClock(t0)
		weekly, winback, vipIn, vipOut := newCounter(), newCounter(), newCounter(), newCounter()
		monday, err := workflow.Schedule("0 8 * * MON")
		require.NoError(t, err)
		after30, err := workflow.After("30 days after the last order")
		require.NoError(t, err)
		big := segment.MustParseQuery("total_spent >= 100")
		followUp, err := workflow.NewFollowUp("Call {{.Customer.FirstName}}", "spent a lot", "sales", 48*time.Hour)
		require.NoError(t, err)
		rules := []workflow.Rule{
			{Name: "weekly", Trigger: monday, Condition: "orders >= 1", Action: weekly.action()},
			{Name: "winback", Trigger: after30, Action: winback.action()},
			{Name: "big-in", Trigger: workflow.SegmentEntry(big), Action: vipIn.action()},
			{Name: "big-out", Trigger: workflow.SegmentExit(big), Action: vipOut.action()},
			{Name: "big-call", Trigger: workflow.SegmentEntry(big), Action: followUp},
		}
		eng, err := workflow.New(st, state, rules, &workflow.Options{Clock: clk.Now, ScanInterval: 24 * time.Hour})
		require.NoError(t, err)
		a := mkCustomer(t, st, "ann", true)
		b := mkCustomer(t, st, "ben", true)
		mkCustomer(t, st, "cat", true)                                  // never orders
		oa := mkOrder(a.ID, t0.Add(-40*24*time.Hour), order.StatusPaid) // 29.95, due before the rule started
		require.NoError(t, st.CreateOrder(ctx, &oa))
		ob := mkOrder(b.ID, t0.Add(-20*24*time.Hour), order.StatusPaid) // due in 10 days
		require.NoError(t, st.CreateOrder(ctx, &ob))
		_, err = eng.Step(ctx) // t0 is a Monday 09:00: baselines
		require.NoError(t, err)
		for day := 1; day <= 14; day++ {
			clk.Set(t0.AddDate(0, 0, day))
			if day == 3 { // ben spends: enters the segment
				for range 3 {
					o := mkOrder(b.ID, clk.Now().Add(-time.Hour), order.StatusPaid)
					require.NoError(t, st.CreateOrder(ctx, &o))
				}
			}
			if day == 5 { // ... and returns everything: leaves it
				for o, err := range st.Orders(ctx, store.OrderFilter{CustomerID: b.ID}) {
					require.NoError(t, err)
					require.NoError(t, st.DeleteOrder(ctx, o.ID))
				}
			}
			_, err = eng.Step(ctx)
			require.NoError(t, err)
		}
		calls, keys := weekly.total()
		assert.Equal(t, 2, calls, "two Mondays (9 and 16 March) for ann; ben's orders were deleted on day 5")
		assert.Equal(t, 2, keys)
		for _, p := range []string{"2026-03-09T08:00:00Z", "2026-03-16T08:00:00Z"} {
			assert.Contains(t, weekly.calls, "weekly/"+a.ID.String()+"/"+p)
		}
		calls, _ = winback.total()
		assert.Equal(t, 0, calls, "ben ordered again before 30 days passed; ann was due before the rule began")
		calls, _ = vipIn.total()
		assert.Equal(t, 1, calls)
		calls, _ = vipOut.total()
		assert.Equal(t, 1, calls)
		tasks := collect(t, state.Tasks(ctx, workflow.TaskFilter{Assignee: "sales"}))
		require.Len(t, tasks, 1)
		assert.Equal(t, "Call ben", tasks[0].Title)
		assert.True(t, tasks[0].Due.Equal(t0.AddDate(0, 0, 5)), "created on day 3, due 48 hours later")

		// Ben's orders are gone; after 30 days from ann's... nothing. A new
		// order for ann starts a new 30-day wait.
		on := mkOrder(a.ID, clk.Now(), order.StatusPaid)
		require.NoError(t, st.CreateOrder(ctx, &on))
		for day := 1; day <= 31; day++ {
			clk.Advance(24 * time.Hour)
			_, err = eng.Step(ctx)
			require.NoError(t, err)
		}
		calls, keys = winback.total()
		assert.Equal(t, 1, calls)
		assert.Equal(t, 1, keys)
	})
}

// TestConcurrentSteps runs steps from several goroutines while writes go
// on; every order is confirmed exactly once.
func TestConcurrentSteps(t *testing.T) {
	forEachState(t, func(t *testing.T, state workflow.State) {
		ctx := context.Background()
		st := memory.New()
		cnt := newCounter()
		eng, err := workflow.New(st, state, []workflow.Rule{{Name: "confirm", Trigger: workflow.OrderPlaced(), Action: cnt.action()}},
			&workflow.Options{Workers: 3})
		require.NoError(t, err)
		c := mkCustomer(t, st, "fay", true)
		const writers, each = 3, 40
		var wg sync.WaitGroup
		orders := make([][]order.Order, writers)
		for w := range writers {
			for range each {
				orders[w] = append(orders[w], mkOrder(c.ID, t0, order.StatusPaid))
			}
		}
		for w := range writers {
			wg.Add(2)
			go func() {
				defer wg.Done()
				for i := range orders[w] {
					if err := st.CreateOrder(ctx, &orders[w][i]); err != nil {
						t.Error(err)
						return
					}
				}
			}()
			go func() {
				defer wg.Done()
				for range 20 {
					if _, err := eng.Step(ctx); err != nil {
						t.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
		_, err = eng.Step(ctx)
		require.NoError(t, err)
		calls, keys := cnt.total()
		assert.Equal(t, writers*each, keys)
		assert.Equal(t, writers*each, calls)
	})
}

// TestMarketingWrapper: any action can be declared marketing on a channel.
func TestMarketingWrapper(t *testing.T) {
	ctx := context.Background()
	st := memory.New()
	state := workflow.NewMemoryState()
	sms := newCounter()
	rules := []workflow.Rule{{Name: "sms", Trigger: workflow.OrderPlaced(), Action: workflow.Marketing(customer.ChannelSMS, sms.action())}}
	eng, err := workflow.New(st, state, rules, &workflow.Options{Clock: newClock(t0).Now})
	require.NoError(t, err)
	withSMS := customer.Customer{Phone: "+4915112345678", FirstName: "Sam"}
	withSMS.GrantConsent(customer.ChannelSMS, t0, "checkout")
	require.NoError(t, st.CreateCustomer(ctx, &withSMS))
	emailOnly := mkCustomer(t, st, "em", true)
	for _, id := range []customer.Customer{withSMS, emailOnly} {
		o := mkOrder(id.ID, t0, order.StatusPaid)
		require.NoError(t, st.CreateOrder(ctx, &o))
	}
	s, err := eng.Step(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, s.Delivered)
	assert.Equal(t, 1, s.Skipped)
	rs := runs(t, state, workflow.RunFilter{CustomerID: emailOnly.ID})
	require.Len(t, rs, 1)
	assert.Equal(t, "no sms marketing consent", rs[0].Detail)
}

// TestFromHead: an engine attached to a store with history starts at the
// journal's head, and fires for what comes after.
func TestFromHead(t *testing.T) {
	ctx := context.Background()
	st := memory.New()
	c := mkCustomer(t, st, "old", true)
	for range 3 {
		o := mkOrder(c.ID, t0, order.StatusPaid)
		require.NoError(t, st.CreateOrder(ctx, &o))
	}
	cnt := newCounter()
	state := workflow.NewMemoryState()
	eng, err := workflow.New(st, state, []workflow.Rule{{Name: "confirm", Trigger: workflow.OrderPlaced(), Action: cnt.action()}},
		&workflow.Options{Clock: newClock(t0).Now, FromHead: true})
	require.NoError(t, err)
	s, err := eng.Step(ctx)
	require.NoError(t, err)
	assert.Zero(t, s.Enqueued)
	o := mkOrder(c.ID, t0, order.StatusPaid)
	require.NoError(t, st.CreateOrder(ctx, &o))
	s, err = eng.Step(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, s.Delivered)
	assert.Contains(t, cnt.calls, "confirm/seq/5")
}

// TestEnginesShareState: two engines (two processes, in production) on one
// state split the deliveries between them; none is performed twice.
func TestEnginesShareState(t *testing.T) {
	forEachState(t, func(t *testing.T, state workflow.State) {
		ctx := context.Background()
		st := memory.New()
		cnt := newCounter()
		rules := []workflow.Rule{{Name: "confirm", Trigger: workflow.OrderPlaced(), Action: cnt.action()}}
		c := mkCustomer(t, st, "two", true)
		const n = 150
		for range n {
			o := mkOrder(c.ID, t0, order.StatusPaid)
			require.NoError(t, st.CreateOrder(ctx, &o))
		}
		var wg sync.WaitGroup
		delivered := make([]int, 2)
		for i := range 2 {
			eng, err := workflow.New(st, state, rules, &workflow.Options{Workers: 2, ClaimBatch: 5})
			require.NoError(t, err)
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 5 {
					s, err := eng.Step(ctx)
					if err != nil {
						t.Error(err)
						return
					}
					delivered[i] += s.Delivered
				}
			}()
		}
		wg.Wait()
		calls, keys := cnt.total()
		assert.Equal(t, n, keys)
		assert.Equal(t, n, calls, "no delivery performed twice")
		assert.Equal(t, n, delivered[0]+delivered[1])
		t.Logf("split %d / %d", delivered[0], delivered[1])
	})
}

// TestLogger: skips and dead letters are logged at Info with their reason.
func TestLogger(t *testing.T) {
	ctx := context.Background()
	st := memory.New()
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo}))
	promo, err := workflow.NewEmail(&workflow.RecordingMailer{}, workflow.EmailTemplate{Subject: "s", Body: "b", Marketing: true})
	require.NoError(t, err)
	eng, err := workflow.New(st, workflow.NewMemoryState(), []workflow.Rule{{Name: "promo", Trigger: workflow.CustomerCreated(), Action: promo}},
		&workflow.Options{Clock: newClock(t0).Now, Logger: log})
	require.NoError(t, err)
	mkCustomer(t, st, "quiet", false)
	_, err = eng.Step(ctx)
	require.NoError(t, err)
	assert.Contains(t, buf.String(), "key=promo/seq/1")
	assert.Contains(t, buf.String(), "result=skipped")
	assert.Contains(t, buf.String(), `detail="no email marketing consent"`)
}
