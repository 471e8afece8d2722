package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/crmkit/crmkit/access"
	"github.com/crmkit/crmkit/api"
	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/internal/progress"
	"github.com/crmkit/crmkit/recommend"
	"github.com/crmkit/crmkit/store"
)

// demoKey is the documented API key of `crmkit serve -demo` when no -key is
// given: the demo is for trying the API with curl, so its key is known.
const demoKey = "crmkit-demo-key"

func init() {
	register(&command{
		name:    "serve",
		summary: "serve the HTTP API over a store (-demo: on a generated demo shop)",
		run:     runServe,
	})
}

// serveConfig is what runServe parsed from its flags.
type serveConfig struct {
	addr, db, key string
	role          access.Role
	demo          bool
	customers     int
	seed          uint64
	noRecommend   bool
	quiet         bool
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("crmkit serve", stderr)
	var cfg serveConfig
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:8080", "address to listen on")
	fs.StringVar(&cfg.db, "db", "crmkit-demo.db", dbFlagDoc)
	fs.StringVar(&cfg.key, "key", "", "API key to accept (default: "+demoKey+" with -demo, otherwise a new random key, printed)")
	role := fs.String("role", string(access.RoleAdmin), "role of the -key's principal: admin, support, marketer, analyst or service")
	fs.BoolVar(&cfg.demo, "demo", false, "generate the demo shop into the store first, as \"crmkit demo\" does (skipped when the store already holds customers)")
	fs.IntVar(&cfg.customers, "customers", demo.DefaultCustomers, "demo shop size in customers")
	fs.Uint64Var(&cfg.seed, "seed", 1, "demo shop seed (the same as for \"crmkit demo\" gives the same shop)")
	fs.BoolVar(&cfg.noRecommend, "no-recommend", false, "do not train a recommender on the store's orders and behaviour")
	fs.BoolVar(&cfg.quiet, "q", false, "no progress on stderr")
	usageFor(fs, stderr, "crmkit serve [-addr 127.0.0.1:8080] [-db FILE.db|memory|postgres://...] [-demo] [-key K]",
		"Serves the crmkit HTTP API (package api; the OpenAPI document is at /openapi.json) until\n"+
			"interrupted (SIGINT or SIGTERM), then finishes the requests in flight and stops.",
		"With -demo and no -key the API key is "+demoKey+" (role admin). Try:\n"+
			"  curl -H 'Authorization: Bearer "+demoKey+"' http://127.0.0.1:8080/stats\n"+
			"-db memory serves a throw-away store (with -demo: generated in a second or two).")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg.role = access.Role(*role)
	if !access.DefaultPolicy().Allows(access.Principal{Roles: []access.Role{cfg.role}}, access.ResourceStats, access.ActionRead) {
		return fmt.Errorf("%w: -role %q: want admin, support, marketer, analyst or service", errUsage, *role)
	}
	if cfg.customers <= 0 {
		return fmt.Errorf("%w: -customers must be positive", errUsage)
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return fmt.Errorf("%w: serve takes no arguments, got %q", errUsage, fs.Args())
	}
	st, err := openStore(ctx, cfg.db)
	if err != nil {
		return err
	}
	defer st.Close()
	h, key, err := prepareServer(ctx, st, cfg, stdout, stderr)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "serving the crmkit API on %s (store %s); stop with Ctrl-C\n", base, cfg.db)
	fmt.Fprintf(stdout, "API key (%s): %s\n", cfg.role, key)
	fmt.Fprintf(stdout, "try: curl -H 'Authorization: Bearer %s' %s/stats\n", key, base)
	return serveUntilDone(ctx, ln, h, stderr)
}

// prepareServer fills the store with the demo shop when asked, trains the
// recommender and builds the API handler. It returns the key to print.
func prepareServer(ctx context.Context, st store.Store, cfg serveConfig, stdout, stderr io.Writer) (http.Handler, string, error) {
	if cfg.demo {
		if err := loadDemo(ctx, st, cfg, stdout, stderr); err != nil {
			return nil, "", err
		}
	}
	key := cfg.key
	switch {
	case key != "":
	case cfg.demo:
		key = demoKey
	default:
		var err error
		if key, err = api.NewKey(); err != nil {
			return nil, "", err
		}
	}
	opts := &api.Options{
		Keys:   []api.APIKey{{Hash: api.HashKey(key), Principal: access.Principal{ID: "cli-" + string(cfg.role), Name: "crmkit serve -key", Roles: []access.Role{cfg.role}}}},
		Logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
	}
	if !cfg.noRecommend {
		start := time.Now()
		rec, n, err := trainRecommender(ctx, st)
		switch {
		case errors.Is(err, recommend.ErrEmpty):
			fmt.Fprintln(stdout, "no orders or behaviour in the store: recommendations are not served")
		case err != nil:
			return nil, "", err
		default:
			opts.Recommender = rec
			fmt.Fprintf(stdout, "recommender trained (EASE on %d orders and events) in %s\n", n, time.Since(start).Round(time.Millisecond))
		}
	}
	h, err := api.New(st, opts)
	if err != nil {
		return nil, "", err
	}
	return h, key, nil
}

func loadDemo(ctx context.Context, st store.Store, cfg serveConfig, stdout, stderr io.Writer) error {
	stats, err := st.Stats(ctx)
	if err != nil {
		return err
	}
	if stats.Customers > 0 {
		fmt.Fprintf(stdout, "the store already holds %d customers: the demo shop is not loaded again\n", stats.Customers)
		return nil
	}
	start := time.Now()
	shop, err := demo.Generate(&demo.Options{Customers: cfg.customers, Seed: cfg.seed})
	if err != nil {
		return err
	}
	lo := &demo.LoadOptions{}
	if !cfg.quiet {
		bar := progress.New(stderr, "demo shop")
		lo.Progress = bar.Update
		defer bar.Finish()
	}
	res, err := shop.Load(ctx, st, lo)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "demo shop loaded: %d customers, %d orders, %d returns, %d products, %d events in %s\n",
		res.Customers, res.Orders, res.Returns, res.Products, res.Events, time.Since(start).Round(time.Millisecond))
	return nil
}

// trainRecommender trains EASE on the store's orders and positive
// behaviour (views, cart additions, wish lists, reviews), with frequently
// bought together explanations, as the quickstart does.
func trainRecommender(ctx context.Context, st store.Store) (*recommend.Recommender, int, error) {
	orders, _, err := store.Collect(st.Orders(ctx, store.OrderFilter{}), 0, store.OrderCursor)
	if err != nil {
		return nil, 0, err
	}
	events, _, err := store.Collect(st.Events(ctx, store.EventFilter{
		Kinds: []behavior.Kind{behavior.KindView, behavior.KindAddToCart, behavior.KindWishlist, behavior.KindReview},
	}), 0, store.EventCursor)
	if err != nil {
		return nil, 0, err
	}
	products, _, err := store.Collect(st.Products(ctx, store.ProductFilter{}), 0, store.ProductCursor)
	if err != nil {
		return nil, 0, err
	}
	in, err := recommend.FromBehavior(events, orders, &recommend.OrderOptions{Products: products})
	if err != nil {
		return nil, 0, err
	}
	model, err := recommend.TrainEASE(ctx, in, nil)
	if err != nil {
		return nil, 0, err
	}
	fbt, err := recommend.TrainFBT(ctx, recommend.Baskets(orders), nil)
	if err != nil && !errors.Is(err, recommend.ErrEmpty) {
		return nil, 0, err
	}
	catalogue, names := recommend.CatalogFrom(products)
	rec, err := recommend.NewRecommender(ctx, model, &recommend.RecommenderOptions{Products: catalogue, Names: names, FBT: fbt})
	if err != nil {
		return nil, 0, err
	}
	return rec, len(orders) + len(events), nil
}

// serveUntilDone serves h on ln until ctx is cancelled (SIGINT, SIGTERM),
// then stops accepting and waits up to 10 s for requests in flight.
func serveUntilDone(ctx context.Context, ln net.Listener, h http.Handler, stderr io.Writer) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		WriteTimeout:      5 * time.Minute, // a KPI report on a large store takes a while
		IdleTimeout:       2 * time.Minute,
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	fmt.Fprintln(stderr, "serve: shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
