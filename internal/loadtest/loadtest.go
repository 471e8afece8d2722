package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Config sets up a run. BaseURL and Key are required, and at least one of
// Duration and Requests bounds the run.
type Config struct {
	// BaseURL is where the API is mounted, e.g. "http://127.0.0.1:8080".
	BaseURL string
	// Key is an API key allowed to read and write customers, orders and
	// events and to read stats (the admin or service role).
	Key string
	// Clients is the number of concurrent clients (default 32).
	Clients int
	// Duration stops the run after this long; Requests stops it after
	// this many requests in all. The run ends at whichever comes first.
	Duration time.Duration
	Requests int
	// Mix weighs the three kinds of traffic: reads, writes and
	// recommendation calls (default 60, 25, 15).
	Mix [3]int
	// Seed makes the clients' choices reproducible.
	Seed uint64
	// Client sends the requests (default: a client with a connection pool
	// sized for Clients and a 30 s timeout).
	Client *http.Client
}

// The kinds of request a run issues.
const (
	KindGetCustomer    = "get_customer"
	KindListCustomers  = "list_customers"
	KindCustomerOrders = "customer_orders"
	KindGetOrder       = "get_order"
	KindCreateCustomer = "create_customer"
	KindCreateOrder    = "create_order"
	KindIngestEvents   = "ingest_events"
	KindRecommend      = "recommend"
)

// eventsPerBatch is the size of each ingested event batch.
const eventsPerBatch = 5

// ErrConfig is matched by configuration errors of Run.
var ErrConfig = errors.New("loadtest: invalid configuration")

// Result is what a run measured.
type Result struct {
	Clients  int           `json:"clients"`
	Elapsed  time.Duration `json:"elapsed_ns"`
	Requests int           `json:"requests"`
	Errors   int           `json:"errors"`
	// RPS is Requests / Elapsed.
	RPS   float64      `json:"requests_per_second"`
	Kinds []KindResult `json:"kinds"`
	// Acknowledged counts the records whose creation the server confirmed
	// (201); Stored how much the store's counts grew, read from GET /stats.
	Acknowledged Counts `json:"acknowledged"`
	Stored       Counts `json:"stored"`
	// Lost counts acknowledged records missing from the store: the shortfall
	// of Stored against Acknowledged plus created customers and orders
	// that did not read back.
	Lost int `json:"lost_writes"`
	// Unacknowledged counts records stored beyond the acknowledged ones:
	// writes that failed from the client's side (a timeout, say) yet were
	// committed. Zero when no request failed.
	Unacknowledged int `json:"unacknowledged_writes"`
	// FirstErrors holds up to five error descriptions, for diagnosis.
	FirstErrors []string `json:"first_errors,omitempty"`
}

// Counts counts records by kind.
type Counts struct {
	Customers int64 `json:"customers"`
	Orders    int64 `json:"orders"`
	Events    int64 `json:"events"`
}

// KindResult is the figures of one kind of request.
type KindResult struct {
	Kind     string        `json:"kind"`
	Requests int           `json:"requests"`
	Errors   int           `json:"errors"`
	RPS      float64       `json:"requests_per_second"`
	P50      time.Duration `json:"p50_ns"`
	P99      time.Duration `json:"p99_ns"`
	Max      time.Duration `json:"max_ns"`
}

// sample is one request's outcome.
type sample struct {
	kind string
	dur  time.Duration
	err  error
}

// runner is the state clients share.
type runner struct {
	cfg       Config
	client    *http.Client
	customers []string // IDs of existing customers to read and order for
	products  []string // product IDs seen on existing orders
	runID     string
	remaining atomic.Int64
	createdMu sync.Mutex
	createdC  []string
	createdO  []string
	ackC      atomic.Int64
	ackO      atomic.Int64
	ackE      atomic.Int64
}

// Run drives the server as configured and checks for lost writes. It
// returns an error when the run cannot start (bad configuration, the
// server unreachable or empty); failed requests during the run are
// counted in the Result, not returned.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	if cfg.BaseURL == "" || cfg.Key == "" {
		return nil, fmt.Errorf("%w: BaseURL and Key are required", ErrConfig)
	}
	if cfg.Duration <= 0 && cfg.Requests <= 0 {
		return nil, fmt.Errorf("%w: bound the run by Duration or Requests", ErrConfig)
	}
	if cfg.Duration < 0 || cfg.Requests < 0 || cfg.Clients < 0 {
		return nil, fmt.Errorf("%w: negative Clients, Duration or Requests", ErrConfig)
	}
	if cfg.Clients == 0 {
		cfg.Clients = 32
	}
	if cfg.Mix == [3]int{} {
		cfg.Mix = [3]int{60, 25, 15}
	}
	for _, w := range cfg.Mix {
		if w < 0 {
			return nil, fmt.Errorf("%w: negative weight in Mix", ErrConfig)
		}
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	r := &runner{cfg: cfg, client: cfg.Client, runID: fmt.Sprintf("lt%d-%d", time.Now().UnixNano()%1e9, cfg.Seed)}
	if r.client == nil {
		r.client = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
			MaxIdleConns: cfg.Clients * 2, MaxIdleConnsPerHost: cfg.Clients * 2, IdleConnTimeout: time.Minute,
		}}
	}
	if err := r.setup(ctx); err != nil {
		return nil, err
	}
	before, err := r.stats(ctx)
	if err != nil {
		return nil, err
	}
	if cfg.Requests > 0 {
		r.remaining.Store(int64(cfg.Requests))
	} else {
		r.remaining.Store(1 << 62)
	}
	// The deadline stops clients from starting new requests; requests in
	// flight finish, so every write ends acknowledged or failed, never
	// unknown, and the store's counts can be held to the acknowledgements
	// exactly.
	start := time.Now()
	deadline := start.Add(cfg.Duration)
	if cfg.Duration == 0 {
		deadline = start.Add(100 * 365 * 24 * time.Hour)
	}
	samples := make([][]sample, cfg.Clients)
	var wg sync.WaitGroup
	for c := range cfg.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			samples[c] = r.clientLoop(ctx, c, deadline)
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	after, err := r.stats(ctx)
	if err != nil {
		return nil, err
	}
	res := summarise(samples, elapsed, cfg.Clients)
	res.Acknowledged = Counts{Customers: r.ackC.Load(), Orders: r.ackO.Load(), Events: r.ackE.Load()}
	res.Stored = Counts{Customers: after.Customers - before.Customers, Orders: after.Orders - before.Orders, Events: after.Events - before.Events}
	for _, d := range []int64{
		res.Acknowledged.Customers - res.Stored.Customers,
		res.Acknowledged.Orders - res.Stored.Orders,
		res.Acknowledged.Events - res.Stored.Events,
	} {
		if d > 0 {
			res.Lost += int(d)
		} else {
			res.Unacknowledged += int(-d)
		}
	}
	missing, err := r.readBack(ctx)
	if err != nil {
		return nil, err
	}
	res.Lost += missing
	return res, nil
}

// setup learns some customers and products to work with.
func (r *runner) setup(ctx context.Context) error {
	var page struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	if _, err := r.do(ctx, "GET", "/customers?limit=500", nil, http.StatusOK, &page); err != nil {
		return fmt.Errorf("loadtest: list customers: %w", err)
	}
	for _, c := range page.Items {
		r.customers = append(r.customers, c.ID)
	}
	if len(r.customers) == 0 {
		return errors.New("loadtest: the server has no customers to work with (serve -demo fills it)")
	}
	seen := map[string]bool{}
	for _, id := range r.customers[:min(40, len(r.customers))] {
		var orders struct {
			Items []struct {
				Lines []struct {
					ProductID string `json:"product_id"`
				} `json:"lines"`
			} `json:"items"`
		}
		if _, err := r.do(ctx, "GET", "/customers/"+id+"/orders?limit=20", nil, http.StatusOK, &orders); err != nil {
			return fmt.Errorf("loadtest: list orders: %w", err)
		}
		for _, o := range orders.Items {
			for _, l := range o.Lines {
				if !seen[l.ProductID] {
					seen[l.ProductID] = true
					r.products = append(r.products, l.ProductID)
				}
			}
		}
	}
	sort.Strings(r.products)
	if len(r.products) == 0 {
		r.products = []string{"LOADTEST-SKU"}
	}
	return nil
}

type stats struct {
	Customers int64 `json:"customers"`
	Orders    int64 `json:"orders"`
	Events    int64 `json:"events"`
}

func (r *runner) stats(ctx context.Context) (stats, error) {
	var s stats
	_, err := r.do(ctx, "GET", "/stats", nil, http.StatusOK, &s)
	if err != nil {
		return s, fmt.Errorf("loadtest: stats: %w", err)
	}
	return s, nil
}

// clientLoop is one client's loop until the deadline or the request
// bound: pick a kind by the mix, send, record.
func (r *runner) clientLoop(ctx context.Context, id int, deadline time.Time) []sample {
	rng := rand.New(rand.NewPCG(r.cfg.Seed, uint64(id)+1))
	total := r.cfg.Mix[0] + r.cfg.Mix[1] + r.cfg.Mix[2]
	var out []sample
	for n := 0; ctx.Err() == nil && time.Now().Before(deadline) && r.remaining.Add(-1) >= 0; n++ {
		var kind string
		var err error
		start := time.Now()
		switch x := rng.IntN(total); {
		case x < r.cfg.Mix[0]:
			kind, err = r.read(ctx, rng)
		case x < r.cfg.Mix[0]+r.cfg.Mix[1]:
			kind, err = r.write(ctx, rng, id, n)
		default:
			kind = KindRecommend
			_, err = r.do(ctx, "GET", "/customers/"+r.customer(rng)+"/recommendations?n=10", nil, http.StatusOK, nil)
		}
		if ctx.Err() != nil {
			break // the caller cancelled the run
		}
		out = append(out, sample{kind: kind, dur: time.Since(start), err: err})
	}
	return out
}

func (r *runner) customer(rng *rand.Rand) string { return r.customers[rng.IntN(len(r.customers))] }

func (r *runner) read(ctx context.Context, rng *rand.Rand) (string, error) {
	switch rng.IntN(4) {
	case 0:
		_, err := r.do(ctx, "GET", "/customers/"+r.customer(rng), nil, http.StatusOK, nil)
		return KindGetCustomer, err
	case 1:
		_, err := r.do(ctx, "GET", "/customers?limit=20", nil, http.StatusOK, nil)
		return KindListCustomers, err
	case 2:
		_, err := r.do(ctx, "GET", "/customers/"+r.customer(rng)+"/orders?limit=10", nil, http.StatusOK, nil)
		return KindCustomerOrders, err
	}
	r.createdMu.Lock()
	var id string
	if n := len(r.createdO); n > 0 {
		id = r.createdO[rng.IntN(n)]
	}
	r.createdMu.Unlock()
	if id == "" {
		_, err := r.do(ctx, "GET", "/customers/"+r.customer(rng), nil, http.StatusOK, nil)
		return KindGetCustomer, err
	}
	_, err := r.do(ctx, "GET", "/orders/"+id, nil, http.StatusOK, nil)
	return KindGetOrder, err
}

func (r *runner) write(ctx context.Context, rng *rand.Rand, client, n int) (string, error) {
	unique := fmt.Sprintf("%s-%d-%d", r.runID, client, n)
	switch rng.IntN(3) {
	case 0:
		var c struct {
			ID string `json:"id"`
		}
		body := map[string]any{"external_id": unique, "email": unique + "@loadtest.example.com", "tags": []string{"loadtest"}}
		if _, err := r.do(ctx, "POST", "/customers", body, http.StatusCreated, &c); err != nil {
			return KindCreateCustomer, err
		}
		r.ackC.Add(1)
		r.createdMu.Lock()
		r.createdC = append(r.createdC, c.ID)
		r.createdMu.Unlock()
		return KindCreateCustomer, nil
	case 1:
		var o struct {
			ID string `json:"id"`
		}
		qty := 1 + rng.IntN(3)
		body := map[string]any{
			"number": "LT-" + unique, "customer_id": r.customer(rng), "currency": "EUR", "status": "paid", "payment_method": "card",
			"lines": []map[string]any{{"product_id": r.products[rng.IntN(len(r.products))], "quantity": qty, "unit_price": "19.99", "discount": "0"}},
		}
		if _, err := r.do(ctx, "POST", "/orders", body, http.StatusCreated, &o); err != nil {
			return KindCreateOrder, err
		}
		r.ackO.Add(1)
		r.createdMu.Lock()
		r.createdO = append(r.createdO, o.ID)
		r.createdMu.Unlock()
		return KindCreateOrder, nil
	}
	cust := r.customer(rng)
	events := make([]map[string]any, eventsPerBatch)
	at := time.Now().UTC().Format(time.RFC3339Nano)
	for i := range events {
		events[i] = map[string]any{"kind": "view", "customer_id": cust, "session_id": unique, "product_id": r.products[rng.IntN(len(r.products))], "at": at}
	}
	var ack struct {
		Accepted int64 `json:"accepted"`
	}
	if _, err := r.do(ctx, "POST", "/events", map[string]any{"events": events}, http.StatusCreated, &ack); err != nil {
		return KindIngestEvents, err
	}
	r.ackE.Add(ack.Accepted)
	return KindIngestEvents, nil
}

// readBack fetches every created customer and order; it returns how many
// were missing. It runs with the run's concurrency.
func (r *runner) readBack(ctx context.Context) (int, error) {
	type item struct{ path string }
	var items []item
	for _, id := range r.createdC {
		items = append(items, item{"/customers/" + id})
	}
	for _, id := range r.createdO {
		items = append(items, item{"/orders/" + id})
	}
	var missing atomic.Int64
	var next atomic.Int64
	var firstErr error
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range r.cfg.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1) - 1; i < int64(len(items)); i = next.Add(1) - 1 {
				status, err := r.do(ctx, "GET", items[i].path, nil, http.StatusOK, nil)
				switch {
				case status == http.StatusNotFound:
					missing.Add(1)
				case err != nil:
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return 0, fmt.Errorf("loadtest: read back: %w", firstErr)
	}
	return int(missing.Load()), nil
}

// do sends one request and decodes a response with the wanted status into
// out (when not nil). Any other status is an error carrying the body.
func (r *runner) do(ctx context.Context, method, path string, body any, want int, out any) (int, error) {
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return 0, err
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, r.cfg.BaseURL+path, rd)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+r.cfg.Key)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, err
	}
	if resp.StatusCode != want {
		return resp.StatusCode, fmt.Errorf("%s %s: status %d: %s", method, pathOnly(path), resp.StatusCode, bytes.TrimSpace(raw))
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			return resp.StatusCode, fmt.Errorf("%s %s: %w", method, pathOnly(path), err)
		}
	}
	return resp.StatusCode, nil
}

func pathOnly(p string) string {
	u, err := url.Parse(p)
	if err != nil {
		return p
	}
	return u.Path
}
