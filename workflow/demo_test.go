package workflow_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/segment"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/crmkit/crmkit/store/postgres/pgtest"
	"github.com/crmkit/crmkit/store/sqlite"
	"github.com/crmkit/crmkit/workflow"
	"github.com/crmkit/crmkit/workflow/sqlitestate"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The classic automations replayed on the demo shop: the shop is loaded as
// it stood replayDays before its end, then the engine is stepped day by
// day while the orders and returns of each day are written through the
// store, as a shop would write them. The counts are then checked against
// the same automations computed straight from the generated data.
const replayDays = 60

type demoCounts struct {
	confirmations, confirmationsDead int
	winBack, winBackSkipped          int
	thanks, thanksSkipped            int
	returns                          int
}

func TestClassicAutomationsOnDemoShop(t *testing.T) {
	customers := 400
	if raceEnabled {
		customers = 150
	}
	shop, err := demo.Generate(&demo.Options{Seed: 3, Customers: customers, NoEvents: true})
	require.NoError(t, err)
	want := expectedAutomations(shop)
	t.Logf("expected: %+v", want)
	require.Positive(t, want.confirmations)
	require.Positive(t, want.winBack)
	require.Positive(t, want.thanks)
	require.Positive(t, want.winBackSkipped+want.thanksSkipped, "some customers have no consent")

	backends := []struct {
		name string
		open func(t *testing.T) (store.Store, workflow.State)
	}{
		{"memory", func(t *testing.T) (store.Store, workflow.State) { return memory.New(), workflow.NewMemoryState() }},
		{"sqlite", func(t *testing.T) (store.Store, workflow.State) {
			if testing.Short() || raceEnabled {
				t.Skip("replays two months on SQLite; skipped with -short and -race")
			}
			st, err := sqlite.Open(filepath.Join(t.TempDir(), "shop.db"), nil)
			require.NoError(t, err)
			state, err := sqlitestate.Open(filepath.Join(t.TempDir(), "workflow.db"), nil)
			require.NoError(t, err)
			return st, state
		}},
		{"postgres", func(t *testing.T) (store.Store, workflow.State) {
			if testing.Short() || raceEnabled {
				t.Skip("replays two months on PostgreSQL; skipped with -short and -race")
			}
			return pgtest.Open(t), openPGState(t)
		}},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel() // the backends wait on disk and server in turn
			st, state := b.open(t)
			defer st.Close()
			defer state.Close()
			got, mailer := replayDemo(t, shop, st, state)
			assert.Equal(t, want, got)
			// One confirmation, read as the customer gets it.
			var sample *workflow.Message
			for _, m := range mailer.Messages() {
				if strings.HasPrefix(m.Key, "order-confirmation/") {
					sample = &m
					break
				}
			}
			require.NotNil(t, sample)
			assert.Regexp(t, `^Your order SO-\d{7}$`, sample.Subject)
			assert.Contains(t, sample.Text, "Total: ")
		})
	}
}

// automationRules are the three classic automations plus a count of return
// requests.
func automationRules(mailer workflow.Mailer, returns workflow.Func) ([]workflow.Rule, error) {
	confirm, err := workflow.NewEmail(mailer, workflow.EmailTemplate{From: "shop@example.com",
		Subject: "Your order {{.Order.Number}}",
		Body: "Hello {{.Customer.FirstName}},\n\nthank you for your order {{.Order.Number}}.\n" +
			"{{range .Order.Lines}}  {{.Quantity}} × {{.Name}}\n{{end}}Total: {{money .Order.Total}} {{.Order.Currency}}\n"})
	if err != nil {
		return nil, err
	}
	winBack, err := workflow.NewEmail(mailer, workflow.EmailTemplate{From: "shop@example.com", Marketing: true,
		Subject: "We miss you, {{.Customer.FirstName}}",
		Body:    "It has been a while since your last order. Here is 15% off your next one."})
	if err != nil {
		return nil, err
	}
	thanks, err := workflow.NewEmail(mailer, workflow.EmailTemplate{From: "shop@example.com", Marketing: true,
		Subject: "Thank you, {{.Customer.FirstName}}",
		Body:    "You are one of our best customers. Free express shipping is yours from now on."})
	if err != nil {
		return nil, err
	}
	silence, err := workflow.After("90 days after the last order")
	if err != nil {
		return nil, err
	}
	return []workflow.Rule{
		{Name: "order-confirmation", Trigger: workflow.OrderPlaced(), Action: confirm},
		{Name: "win-back", Trigger: silence, Condition: "orders >= 2", Action: winBack},
		{Name: "champions-thanks", Trigger: workflow.SegmentEntry(segment.MustParseQuery("rfm_segment = 'champions'")), Action: thanks},
		{Name: "return-received", Trigger: workflow.ReturnRequested(), Action: returns},
	}, nil
}

// replayDemo loads the shop as of replayDays before its end, then writes
// each day's orders and returns and steps the engine at the end of the day.
func replayDemo(t *testing.T, shop *demo.Shop, st store.Store, state workflow.State) (demoCounts, *workflow.RecordingMailer) {
	ctx := context.Background()
	start := shop.End.AddDate(0, 0, -replayDays)
	early := *shop
	early.Orders = slices.DeleteFunc(slices.Clone(shop.Orders), func(o order.Order) bool { return !o.PlacedAt.Before(start) })
	early.Returns = slices.DeleteFunc(slices.Clone(shop.Returns), func(r order.Return) bool { return !r.RequestedAt.Before(start) })
	_, err := early.Load(ctx, st, nil)
	require.NoError(t, err)

	mailer := &workflow.RecordingMailer{}
	returns := newCounter()
	rules, err := automationRules(mailer, returns.action())
	require.NoError(t, err)
	clk := newClock(start)
	eng, err := workflow.New(st, state, rules, &workflow.Options{Clock: clk.Now, ScanInterval: 24 * time.Hour})
	require.NoError(t, err)
	_, err = eng.Step(ctx) // baselines: the loaded history fires nothing
	require.NoError(t, err)
	oi := len(early.Orders)
	ri := len(early.Returns)
	for day := 1; day <= replayDays; day++ {
		end := start.AddDate(0, 0, day)
		for ; oi < len(shop.Orders) && shop.Orders[oi].PlacedAt.Before(end); oi++ {
			o := shop.Orders[oi].Clone()
			require.NoError(t, st.CreateOrder(ctx, &o))
		}
		for ; ri < len(shop.Returns) && shop.Returns[ri].RequestedAt.Before(end); ri++ {
			r := shop.Returns[ri].Clone()
			require.NoError(t, st.CreateReturn(ctx, &r))
		}
		clk.Set(end)
		_, err := eng.Step(ctx)
		require.NoError(t, err)
	}
	require.Equal(t, len(shop.Orders), oi)

	var got demoCounts
	for d, err := range state.Deliveries(ctx, workflow.DeliveryFilter{}) {
		require.NoError(t, err)
		require.NotEqual(t, workflow.StatusPending, d.Status, d.Key)
		switch {
		case d.Rule == "order-confirmation" && d.Status == workflow.StatusDone:
			got.confirmations++
		case d.Rule == "order-confirmation" && d.Status == workflow.StatusDead:
			got.confirmationsDead++
		case d.Rule == "win-back" && d.Status == workflow.StatusDone:
			got.winBack++
		case d.Rule == "win-back" && d.Status == workflow.StatusSkipped:
			got.winBackSkipped++
		case d.Rule == "champions-thanks" && d.Status == workflow.StatusDone:
			got.thanks++
		case d.Rule == "champions-thanks" && d.Status == workflow.StatusSkipped:
			got.thanksSkipped++
		case d.Rule == "return-received" && d.Status == workflow.StatusDone:
			got.returns++
		default:
			t.Errorf("unexpected delivery %s in status %s (%s)", d.Key, d.Status, d.LastError)
		}
	}
	sent := map[string]int{}
	for _, m := range mailer.Messages() {
		sent[strings.SplitN(m.Key, "/", 2)[0]]++
	}
	assert.Equal(t, got.confirmations, sent["order-confirmation"])
	assert.Equal(t, got.winBack, sent["win-back"])
	assert.Equal(t, got.thanks, sent["champions-thanks"])
	return got, mailer
}

// expectedAutomations computes, from the generated shop alone, what the
// replay must send: every day's state is rebuilt from the orders placed
// before the end of that day.
func expectedAutomations(shop *demo.Shop) demoCounts {
	start := shop.End.AddDate(0, 0, -replayDays)
	custs := map[uuid.UUID]*customer.Customer{}
	for i := range shop.Customers {
		custs[shop.Customers[i].ID] = &shop.Customers[i]
	}
	reachable := func(id uuid.UUID, marketing bool) (ok, exists bool) {
		c := custs[id]
		if c == nil {
			return false, false
		}
		if marketing && !c.HasConsent(customer.ChannelEmail) {
			return false, true
		}
		return c.Email != "", true
	}
	var want demoCounts
	for _, o := range shop.Orders {
		if !o.PlacedAt.Before(start) {
			if ok, _ := reachable(o.CustomerID, false); ok {
				want.confirmations++
			} else {
				want.confirmationsDead++
			}
		}
	}
	for _, r := range shop.Returns {
		if !r.RequestedAt.Before(start) {
			want.returns++
		}
	}
	// Sales per customer in time order.
	sales := map[uuid.UUID][]order.Order{}
	for _, o := range shop.Orders {
		if o.Counts() {
			sales[o.CustomerID] = append(sales[o.CustomerID], o)
		}
	}
	champions := func(at time.Time) map[uuid.UUID]bool {
		var recs []segment.Record
		for id, os := range sales {
			r := segment.Record{CustomerID: id}
			net := decimal.Zero
			for _, o := range os {
				if o.PlacedAt.Before(at) {
					r.Frequency++
					r.LastOrder = o.PlacedAt
					net = net.Add(o.Total.Sub(o.RefundedAmount))
				}
			}
			if r.Frequency > 0 {
				r.Monetary = net.InexactFloat64()
				recs = append(recs, r)
			}
		}
		res, err := segment.RFM(recs, segment.RFMOptions{AsOf: at})
		if err != nil {
			panic(err)
		}
		out := map[uuid.UUID]bool{}
		for _, s := range res.Scores {
			if s.Segment == segment.SegmentChampions {
				out[s.CustomerID] = true
			}
		}
		return out
	}
	count := func(id uuid.UUID, sent, skipped *int) {
		if ok, exists := reachable(id, true); ok {
			*sent++
		} else if exists {
			*skipped++
		}
	}
	prev := champions(start)
	winBacks := map[string]bool{}
	for day := 1; day <= replayDays; day++ {
		from, to := start.AddDate(0, 0, day-1), start.AddDate(0, 0, day)
		cur := champions(to)
		for id := range cur {
			if !prev[id] {
				count(id, &want.thanks, &want.thanksSkipped)
			}
		}
		prev = cur
		for id, os := range sales {
			n := 0
			var last time.Time
			for _, o := range os {
				if o.PlacedAt.Before(to) {
					n++
					last = o.PlacedAt
				}
			}
			due := last.AddDate(0, 0, 90)
			key := id.String() + last.String()
			if n >= 2 && due.After(from) && !due.After(to) && !winBacks[key] {
				winBacks[key] = true
				count(id, &want.winBack, &want.winBackSkipped)
			}
		}
	}
	return want
}
