package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/segment"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/crmkit/crmkit/workflow"
)

// automationDays is how much of the shop's end the automations replay.
const automationDays = 60

// printAutomations replays the last automationDays of the demo shop through
// the workflow engine: the shop is stored as it stood before them (in a
// memory store of its own, so the section works whatever -db says), then
// each day's orders and returns are written and the engine steps at the
// end of the day. E-mails go to a recording mailer; return requests are
// posted to a signed webhook on a loopback server that checks signatures
// and drops repeats by idempotency key.
func printAutomations(ctx context.Context, shop *demo.Shop, w io.Writer) error {
	t0 := time.Now()
	start := shop.End.AddDate(0, 0, -automationDays)
	early := *shop
	early.Orders = slices.DeleteFunc(slices.Clone(shop.Orders), func(o order.Order) bool { return !o.PlacedAt.Before(start) })
	early.Returns = slices.DeleteFunc(slices.Clone(shop.Returns), func(r order.Return) bool { return !r.RequestedAt.Before(start) })
	early.Events = nil
	st := memory.New()
	defer st.Close()
	if _, err := early.Load(ctx, st, nil); err != nil {
		return err
	}

	hooks := &hookReceiver{secret: []byte("quickstart-secret"), keys: map[string]bool{}}
	srv := httptest.NewServer(hooks)
	defer srv.Close()
	mailer := &workflow.RecordingMailer{}
	rules, err := classicAutomations(mailer, &workflow.Webhook{URL: srv.URL, Secret: hooks.secret, Timeout: 5 * time.Second})
	if err != nil {
		return err
	}
	now := start
	state := workflow.NewMemoryState()
	eng, err := workflow.New(st, state, rules, &workflow.Options{Clock: func() time.Time { return now }, ScanInterval: 24 * time.Hour})
	if err != nil {
		return err
	}
	if _, err := eng.Step(ctx); err != nil { // baselines
		return err
	}
	oi, ri := len(early.Orders), len(early.Returns)
	for day := 1; day <= automationDays; day++ {
		end := start.AddDate(0, 0, day)
		for ; oi < len(shop.Orders) && shop.Orders[oi].PlacedAt.Before(end); oi++ {
			o := shop.Orders[oi].Clone()
			if err := st.CreateOrder(ctx, &o); err != nil {
				return err
			}
		}
		for ; ri < len(shop.Returns) && shop.Returns[ri].RequestedAt.Before(end); ri++ {
			r := shop.Returns[ri].Clone()
			if err := st.CreateReturn(ctx, &r); err != nil {
				return err
			}
		}
		now = end
		if _, err := eng.Step(ctx); err != nil {
			return err
		}
	}

	counts := map[string]map[workflow.Status]int{}
	for d, err := range state.Deliveries(ctx, workflow.DeliveryFilter{}) {
		if err != nil {
			return err
		}
		if counts[d.Rule] == nil {
			counts[d.Rule] = map[workflow.Status]int{}
		}
		counts[d.Rule][d.Status]++
	}
	fmt.Fprintf(w, "== Automations (the shop's last %d days replayed through the workflow engine, %s)\n", automationDays, elapsed(t0))
	for _, r := range rules {
		c := counts[r.Name]
		fmt.Fprintf(w, "  %-19s %-42s %4d sent", r.Name, r.Trigger.String(), c[workflow.StatusDone])
		if n := c[workflow.StatusSkipped]; n > 0 {
			fmt.Fprintf(w, ", %d skipped (no consent)", n)
		}
		if n := c[workflow.StatusDead]; n > 0 {
			fmt.Fprintf(w, ", %d dead letters", n)
		}
		fmt.Fprintln(w)
	}
	requests, distinct, bad := hooks.stats()
	fmt.Fprintf(w, "Webhook receiver: %d requests, %d distinct keys, %d bad signatures\n", requests, distinct, bad)
	msgs := mailer.Messages()
	slices.SortFunc(msgs, func(a, b workflow.Message) int { return strings.Compare(a.Key, b.Key) })
	for _, m := range msgs {
		if strings.HasPrefix(m.Key, "champions-thanks/") {
			fmt.Fprintf(w, "Sample e-mail (%s):\n  To: %s\n  Subject: %s\n  %s\n", m.Key[:strings.IndexByte(m.Key, '/')], m.To, m.Subject, m.Text)
			break
		}
	}
	fmt.Fprintln(w)
	return nil
}

// classicAutomations: an order confirmation (transactional), a win-back
// e-mail after 90 silent days for repeat customers and a thank-you when a
// customer becomes a Champion (both marketing, so consent applies), and a
// webhook for every return request.
func classicAutomations(mailer workflow.Mailer, hook *workflow.Webhook) ([]workflow.Rule, error) {
	confirm, err := workflow.NewEmail(mailer, workflow.EmailTemplate{From: "shop@example.com",
		Subject: "Your order {{.Order.Number}}",
		Body: "Hello {{.Customer.FirstName}}, thank you for your order {{.Order.Number}}: " +
			"{{len .Order.Lines}} item(s), {{money .Order.Total}} {{.Order.Currency}}."})
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
		Body:    "You are one of our best customers: free express shipping is yours from now on."})
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
		{Name: "return-to-warehouse", Trigger: workflow.ReturnRequested(), Action: hook},
	}, nil
}

// hookReceiver is the shop's warehouse system in miniature: it checks each
// request's signature and keeps each idempotency key once.
type hookReceiver struct {
	secret []byte
	mu     sync.Mutex
	n, bad int
	keys   map[string]bool
}

func (h *hookReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.n++
	if err != nil || workflow.VerifyWebhook(h.secret, r.Header, body, time.Now(), time.Minute) != nil || !json.Valid(body) {
		h.bad++
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	h.keys[r.Header.Get(workflow.HeaderIdempotencyKey)] = true
	w.WriteHeader(http.StatusNoContent)
}

func (h *hookReceiver) stats() (requests, distinct, bad int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.n, len(h.keys), h.bad
}
