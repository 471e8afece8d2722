package workflow

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"runtime"
	"sync"
	"time"

	"github.com/crmkit/crmkit/store"
)

// DefaultActor is the actor the engine's own writes carry (store.WithActor)
// and whose changes it ignores, so a rule that tags a customer does not
// fire "customer updated" rules, itself included, in a loop.
const DefaultActor = "workflow"

// Options configures an Engine. The zero value (or nil) gives the defaults.
type Options struct {
	// Clock gives the current time; default time.Now. Tests inject one to
	// drive schedules and retries deterministically.
	Clock func() time.Time
	// Logger receives what the engine does; nil discards it.
	Logger *slog.Logger
	// Actor names the engine's own writes (default DefaultActor); journal
	// changes made by this actor fire no rules.
	Actor string
	// Retry bounds and spaces the attempts at a delivery.
	Retry RetryPolicy
	// Lease is how long a claimed delivery stays with its worker before
	// another may take it over (default 5 minutes); it must exceed the
	// longest action (webhook timeouts included).
	Lease time.Duration
	// BatchSize is how many journal changes are read per state commit
	// (default 500).
	BatchSize int
	// ScanInterval is how often relative schedules and segment triggers
	// scan the customers (default 1 hour): once in each interval, the
	// intervals aligned to multiples of it since the zero time (for a day,
	// UTC midnights). Cron schedules fire at their own times.
	ScanInterval time.Duration
	// PollInterval is how long Run waits when there is nothing to do
	// (default 1 second).
	PollInterval time.Duration
	// Workers is how many deliveries run at once (default GOMAXPROCS).
	Workers int
	// ClaimBatch is how many due deliveries a worker claims at a time and
	// records in one state transaction (default 8 per worker, at most 64).
	// Larger batches save transactions; a crash repeats at most one batch.
	ClaimBatch int
	// Seed seeds the retry jitter.
	Seed uint64
	// FromHead starts a new engine (no cursor in its state) at the head of
	// the journal instead of its beginning, so attaching rules to a store
	// with a long history does not fire them for all of it.
	FromHead bool
}

// RetryPolicy is exponential backoff with full jitter: before attempt n+1
// the engine waits a uniformly random time in [0, min(Max, Base·2^(n-1))).
type RetryPolicy struct {
	// Attempts is the retry budget: after this many failed attempts a
	// delivery becomes a dead letter (default 8).
	Attempts int
	// Base is the ceiling of the first wait (default 30 seconds).
	Base time.Duration
	// Max caps the ceiling (default 1 hour).
	Max time.Duration
}

func (o *Options) withDefaults() Options {
	var d Options
	if o != nil {
		d = *o
	}
	if d.Clock == nil {
		d.Clock = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.Actor == "" {
		d.Actor = DefaultActor
	}
	if d.Retry.Attempts <= 0 {
		d.Retry.Attempts = 8
	}
	if d.Retry.Base <= 0 {
		d.Retry.Base = 30 * time.Second
	}
	if d.Retry.Max <= 0 {
		d.Retry.Max = time.Hour
	}
	if d.Lease <= 0 {
		d.Lease = 5 * time.Minute
	}
	if d.BatchSize <= 0 {
		d.BatchSize = 500
	}
	if d.ScanInterval <= 0 {
		d.ScanInterval = time.Hour
	}
	if d.PollInterval <= 0 {
		d.PollInterval = time.Second
	}
	if d.Workers <= 0 {
		d.Workers = runtime.GOMAXPROCS(0)
	}
	if d.ClaimBatch <= 0 {
		d.ClaimBatch = min(8*d.Workers, 64)
	}
	return d
}

// Engine runs rules against a store: it turns journal changes, schedules
// and segment movements into deliveries in its State and performs them. It
// is safe for concurrent use; Step calls are serialised, and several
// engines (processes) may share one State, each claiming deliveries under
// a lease.
type Engine struct {
	st      store.Store
	journal store.Journal
	state   State
	rules   []compiledRule
	opt     Options
	log     *slog.Logger

	mu    sync.Mutex // serialises Step
	rngMu sync.Mutex
	rng   *rand.Rand
}

// New returns an engine for rules on st, keeping its progress in state.
// st must implement store.Journal (every backend of this module does);
// ErrNoJournal otherwise. Invalid rules give a *ValidationError.
func New(st store.Store, state State, rules []Rule, opts *Options) (*Engine, error) {
	j, ok := st.(store.Journal)
	if !ok {
		return nil, fmt.Errorf("%w: %T", ErrNoJournal, st)
	}
	if state == nil {
		return nil, invalid("state", "nil", "required")
	}
	cr, err := compileRules(rules)
	if err != nil {
		return nil, err
	}
	o := opts.withDefaults()
	return &Engine{st: st, journal: j, state: state, rules: cr, opt: o, log: o.Logger,
		rng: rand.New(rand.NewPCG(o.Seed, 0x776f726b666c6f77))}, nil
}

// State returns the engine's state, for reading the run log, deliveries
// and tasks.
func (e *Engine) State() State { return e.state }

// Requeue gives the dead letter with key a fresh retry budget, due now:
// for when the receiver that kept failing has been mended. It reports
// false when no dead delivery has the key.
func (e *Engine) Requeue(ctx context.Context, key string) (bool, error) {
	return e.state.Requeue(ctx, key, e.opt.Clock())
}

// StepStats counts what one Step did.
type StepStats struct {
	Changes   int // journal changes read
	Enqueued  int // new deliveries
	Attempted int // attempts made
	Delivered int // attempts that succeeded
	Retried   int // attempts that failed and will be retried
	Dead      int // deliveries dead-lettered
	Skipped   int // deliveries skipped (consent, customer gone)
}

func (s *StepStats) add(o StepStats) {
	s.Changes += o.Changes
	s.Enqueued += o.Enqueued
	s.Attempted += o.Attempted
	s.Delivered += o.Delivered
	s.Retried += o.Retried
	s.Dead += o.Dead
	s.Skipped += o.Skipped
}

// Step does everything that is due at the clock's current time, once:
// it reads the journal to its end, evaluates the schedules and segment
// triggers that are due, and attempts every delivery due, until none is.
// On a clock that stands still (tests), a failed attempt is retried by a
// later Step; on a running clock, by this one once its backoff has passed
// while the step still has other deliveries to make.
func (e *Engine) Step(ctx context.Context) (StepStats, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.opt.Clock()
	var stats StepStats
	ps := &population{e: e, now: now}
	n, added, err := e.ingest(ctx, now, ps)
	stats.Changes, stats.Enqueued = n, added
	if err != nil {
		return stats, err
	}
	added, err = e.scan(ctx, now, ps)
	stats.Enqueued += added
	if err != nil {
		return stats, err
	}
	ds, err := e.deliver(ctx)
	stats.add(ds)
	return stats, err
}

// Run calls Step until ctx is cancelled, waiting PollInterval whenever a
// step found nothing to do. Errors of a step are logged and the step is
// retried after PollInterval; Run returns ctx's error.
func (e *Engine) Run(ctx context.Context) error {
	for {
		s, err := e.Step(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			e.log.Error("workflow step failed", "err", err)
		}
		if err == nil && (s.Changes > 0 || s.Attempted > 0) {
			continue
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(e.opt.PollInterval):
		}
	}
}

// backoff returns the wait before the attempt after attempt n (n >= 1).
func (e *Engine) backoff(n int) time.Duration {
	ceil := e.opt.Retry.Base
	for i := 1; i < n && ceil < e.opt.Retry.Max; i++ {
		ceil *= 2
	}
	ceil = min(ceil, e.opt.Retry.Max)
	e.rngMu.Lock()
	d := time.Duration(e.rng.Int64N(int64(ceil)))
	e.rngMu.Unlock()
	// A wait of at least a millisecond keeps a retry out of the step that
	// made the failed attempt even on a clock that stands still.
	return max(d, time.Millisecond)
}
