package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/crmkit/crmkit/internal/loadtest"
)

func init() {
	register(&command{
		name:    "loadtest",
		summary: "drive a running `crmkit serve` with concurrent clients; report req/s, latency and lost writes",
		run:     runLoadtest,
	})
}

func runLoadtest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("crmkit loadtest", stderr)
	addr := fs.String("addr", "http://127.0.0.1:8080", "base URL of the API")
	key := fs.String("key", demoKey, "API key (admin or service role)")
	clients := fs.Int("clients", 32, "concurrent clients")
	duration := fs.Duration("duration", 20*time.Second, "stop after this long (0: only -requests bounds the run)")
	requests := fs.Int("requests", 0, "stop after this many requests in all (0: only -duration bounds the run)")
	reads := fs.Int("reads", 60, "weight of reads in the mix")
	writes := fs.Int("writes", 25, "weight of writes in the mix")
	recs := fs.Int("recommend", 15, "weight of recommendation calls in the mix")
	seed := fs.Uint64("seed", 1, "seed of the clients' choices")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	usageFor(fs, stderr, "crmkit loadtest [-addr URL] [-key K] [-clients 32] [-duration 20s] [-requests N]",
		"Sends a mix of reads, writes and recommendation calls from many clients to a running\n"+
			"`crmkit serve`, then checks that every acknowledged write is in the store.",
		"Nothing else may write to the store meanwhile. Exits with status 1 on any error or lost write.")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return fmt.Errorf("%w: loadtest takes no arguments, got %q", errUsage, fs.Args())
	}
	if *clients <= 0 || *duration < 0 || *requests < 0 || (*duration == 0 && *requests == 0) {
		return fmt.Errorf("%w: need -clients > 0 and a positive -duration or -requests", errUsage)
	}
	res, err := loadtest.Run(ctx, loadtest.Config{
		BaseURL: *addr, Key: *key, Clients: *clients, Duration: *duration, Requests: *requests,
		Mix: [3]int{*reads, *writes, *recs}, Seed: *seed,
	})
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			return err
		}
	} else if err := res.WriteText(stdout); err != nil {
		return err
	}
	if res.Errors > 0 || res.Lost > 0 {
		return fmt.Errorf("loadtest: %d errors, %d lost writes", res.Errors, res.Lost)
	}
	return nil
}
