package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/crmkit/crmkit/access"
	"github.com/crmkit/crmkit/recommend"
	"github.com/crmkit/crmkit/segment"
	"github.com/crmkit/crmkit/store"
)

// Defaults of Options.
const (
	DefaultMaxBodyBytes       = 1 << 20 // 1 MiB
	DefaultMaxEvents          = 1000
	DefaultIdempotencyTTL     = 24 * time.Hour
	DefaultIdempotencyEntries = 10000
	DefaultAnalyticsTTL       = 5 * time.Minute
)

// Page sizes of the listings (?limit=).
const (
	DefaultPageSize = 50
	MaxPageSize     = 500
)

// Recommender serves recommendations for a customer (the customer ID's
// string form is the user). *recommend.Recommender implements it, and
// also AddEvents and Forget, which the API then calls: ingested events are
// folded into serving, and erasure makes it forget the customer.
type Recommender interface {
	Recommend(user string, n int, filters ...recommend.Filter) ([]recommend.Recommendation, error)
}

// Options configure a Handler. Keys or Authenticate is required; every
// other field has a sensible zero value.
type Options struct {
	// Policy decides what each role may do (nil: access.DefaultPolicy).
	// Every call goes through access.Wrap with it, so roles and the masking
	// of personal data apply to every route.
	Policy *access.Policy
	// Keys are the API keys accepted as "Authorization: Bearer KEY" or
	// "X-API-Key: KEY", held as SHA-256 hashes.
	Keys []APIKey
	// Authenticate, when set, identifies the caller instead of Keys (for a
	// host with its own sessions or tokens). The principal's ID is recorded
	// as the actor of each write and scopes Idempotency-Keys, so it should
	// name the caller.
	Authenticate Authenticator
	// Recommender answers GET /customers/{id}/recommendations; nil makes
	// that route answer 503.
	Recommender Recommender
	// CLV is a fitted lifetime-value model; nil means the API fits BG/NBD
	// and Gamma-Gamma on the store's orders at the first CLV request and
	// refits after AnalyticsTTL.
	CLV *CLVModel
	// RFM configures the RFM segmentation behind GET
	// /customers/{id}/segment (nil: segment defaults, recency measured from
	// the day after the latest order).
	RFM *segment.RFMOptions
	// AnalyticsTTL is how long population-wide results (RFM scores, a CLV
	// model the API fitted, KPI reports) are reused before being computed
	// again (default DefaultAnalyticsTTL).
	AnalyticsTTL time.Duration
	// MaxBodyBytes bounds request bodies; larger ones get 413
	// (default DefaultMaxBodyBytes).
	MaxBodyBytes int64
	// MaxEvents bounds the events of one ingest batch (default DefaultMaxEvents).
	MaxEvents int
	// IdempotencyTTL is how long a response to a POST with an
	// Idempotency-Key is kept for replay (default DefaultIdempotencyTTL);
	// IdempotencyEntries bounds how many are kept, oldest dropped first
	// (default DefaultIdempotencyEntries). They are kept in this process
	// only.
	IdempotencyTTL     time.Duration
	IdempotencyEntries int
	// SkipCompact leaves out the compaction of the store after an erasure
	// (see privacy.Erase): set it when erasures come in bulk and the host
	// compacts on a schedule.
	SkipCompact bool
	// Logger receives server errors (500s) and recovered panics; nil
	// discards them.
	Logger *slog.Logger
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// ErrNoAuthentication is returned by New when Options give neither Keys
// nor Authenticate: an API without authentication is not served.
var ErrNoAuthentication = errors.New("api: no API keys and no authenticator configured")

// OptionsError reports an option New cannot use.
type OptionsError struct {
	Field  string
	Value  string
	Reason string
}

// Error names the option, its value and the fault.
func (e *OptionsError) Error() string {
	return fmt.Sprintf("api: invalid option %s %q: %s", e.Field, e.Value, e.Reason)
}

// Handler serves the API; mount it on the host's mux. It is safe for
// concurrent use.
type Handler struct {
	st      store.Store // the host's store, unguarded: used only for Compact after an authorised erasure
	guarded store.Store
	policy  *access.Policy
	auth    Authenticator
	opts    Options
	mux     *http.ServeMux
	idem    *idempotency
	rfm     *rfmCache
	clv     *clvCache
	kpi     *kpiCache
}

// New returns the API over st. Errors: ErrNoAuthentication; *OptionsError.
func New(st store.Store, opts *Options) (*Handler, error) {
	if st == nil {
		return nil, &OptionsError{Field: "store", Value: "nil", Reason: "a store is required"}
	}
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Policy == nil {
		o.Policy = access.DefaultPolicy()
	}
	if o.MaxBodyBytes == 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.MaxEvents == 0 {
		o.MaxEvents = DefaultMaxEvents
	}
	if o.IdempotencyTTL == 0 {
		o.IdempotencyTTL = DefaultIdempotencyTTL
	}
	if o.IdempotencyEntries == 0 {
		o.IdempotencyEntries = DefaultIdempotencyEntries
	}
	if o.AnalyticsTTL == 0 {
		o.AnalyticsTTL = DefaultAnalyticsTTL
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	for _, c := range []struct {
		name string
		bad  bool
		v    any
	}{
		{"MaxBodyBytes", o.MaxBodyBytes < 0, o.MaxBodyBytes},
		{"MaxEvents", o.MaxEvents < 0, o.MaxEvents},
		{"IdempotencyTTL", o.IdempotencyTTL < 0, o.IdempotencyTTL},
		{"IdempotencyEntries", o.IdempotencyEntries < 0, o.IdempotencyEntries},
		{"AnalyticsTTL", o.AnalyticsTTL < 0, o.AnalyticsTTL},
	} {
		if c.bad {
			return nil, &OptionsError{Field: c.name, Value: fmt.Sprint(c.v), Reason: "must not be negative"}
		}
	}
	auth := o.Authenticate
	if auth == nil {
		if len(o.Keys) == 0 {
			return nil, ErrNoAuthentication
		}
		for i, k := range o.Keys {
			if k.Principal.ID == "" || len(k.Principal.Roles) == 0 {
				return nil, &OptionsError{Field: fmt.Sprintf("Keys[%d].Principal", i), Value: k.Principal.ID, Reason: "a key's principal needs an ID and at least one role"}
			}
		}
		auth = keyAuthenticator(o.Keys)
	}
	if o.CLV != nil {
		if err := o.CLV.check(); err != nil {
			return nil, err
		}
	}
	h := &Handler{
		st:      st,
		guarded: access.Wrap(st, o.Policy),
		policy:  o.Policy,
		auth:    auth,
		opts:    o,
		mux:     http.NewServeMux(),
		idem:    newIdempotency(o.IdempotencyEntries, o.IdempotencyTTL, o.Now),
		rfm:     &rfmCache{},
		clv:     &clvCache{},
		kpi:     &kpiCache{},
	}
	h.mux.HandleFunc("GET /openapi.json", serveOpenAPI)
	for _, rt := range h.routes() {
		h.mux.Handle(rt.method+" "+rt.path, h.wrap(rt))
	}
	return h, nil
}

// ServeHTTP serves one request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mux.ServeHTTP(&methodProblemWriter{ResponseWriter: w}, r)
}

// methodProblemWriter turns the mux's own plain-text 404 (no such route)
// and 405 (method not allowed, with its Allow header) into problem documents.
type methodProblemWriter struct {
	http.ResponseWriter
	swallow bool
}

func (m *methodProblemWriter) WriteHeader(status int) {
	if (status == http.StatusMethodNotAllowed || status == http.StatusNotFound) && m.Header().Get("Content-Type") != "application/problem+json" {
		m.swallow = true
		m.Header().Del("Content-Length")
		p := problem(status, ProblemNotFound, "no such route")
		if status == http.StatusMethodNotAllowed {
			p = problem(status, ProblemMalformed, "the route does not accept this method; see the Allow header")
		}
		writeProblem(m.ResponseWriter, p)
		return
	}
	m.ResponseWriter.WriteHeader(status)
}

func (m *methodProblemWriter) Write(b []byte) (int, error) {
	if m.swallow {
		return len(b), nil
	}
	return m.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (m *methodProblemWriter) Unwrap() http.ResponseWriter { return m.ResponseWriter }

// route is one operation of the API. run returns the status and the value
// to serve as JSON, or an error to serve as a problem.
type route struct {
	method, path string
	run          func(r *http.Request, body []byte) (int, any, error)
}

// Routes lists the API's operations as "METHOD /path" patterns, in the
// syntax of http.ServeMux, for documentation and tests.
func (h *Handler) Routes() []string {
	var out []string
	for _, rt := range h.routes() {
		out = append(out, rt.method+" "+rt.path)
	}
	return append(out, "GET /openapi.json")
}

// wrap adds to a route what every operation shares: panic recovery,
// authentication, the principal and actor in the context, the body limit
// and idempotency keys.
func (h *Handler) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				h.opts.Logger.Error("api: panic", "route", rt.method+" "+rt.path, "panic", v, "stack", string(debug.Stack()))
				writeProblem(w, problem(http.StatusInternalServerError, ProblemInternal, "the server failed to complete the request"))
			}
		}()
		pr, err := h.auth(r)
		if err != nil {
			writeProblem(w, problem(http.StatusUnauthorized, ProblemUnauthenticated, "present a valid API key as \"Authorization: Bearer KEY\""))
			return
		}
		ctx := store.WithActor(access.WithPrincipal(r.Context(), pr), pr.ID)
		r = r.WithContext(ctx)
		var body []byte
		if r.Method == http.MethodPost || r.Method == http.MethodPut {
			if body, err = h.readBody(w, r); err != nil {
				writeProblem(w, problemFor(err))
				return
			}
		}
		key := r.Header.Get("Idempotency-Key")
		if key == "" || r.Method != http.MethodPost {
			status, ctype, out := h.serve(rt, r, body)
			writeRaw(w, status, ctype, out)
			return
		}
		if len(key) > 255 {
			writeProblem(w, badRequest("Idempotency-Key", clip(key), "an Idempotency-Key must be 1 to 255 characters"))
			return
		}
		scoped := pr.ID + "\x00" + key
		switch outcome, e := h.idem.begin(scoped, r.Method+" "+r.URL.Path, sha256.Sum256(body)); outcome {
		case idemReplay:
			w.Header().Set("Idempotent-Replayed", "true")
			writeRaw(w, e.status, e.ctype, e.body)
		case idemMismatch:
			writeProblem(w, problem(http.StatusUnprocessableEntity, ProblemIdempotency, "this Idempotency-Key was used for a different request; use a new key for a new request"))
		case idemInFlight:
			writeProblem(w, problem(http.StatusConflict, ProblemConflict, "a request with this Idempotency-Key is still being processed; retry later"))
		default:
			finished := false
			defer func() {
				if !finished { // a panic: release the key so a retry runs again
					h.idem.finish(scoped, http.StatusInternalServerError, "", nil)
				}
			}()
			status, ctype, out := h.serve(rt, r, body)
			h.idem.finish(scoped, status, ctype, out)
			finished = true
			writeRaw(w, status, ctype, out)
		}
	})
}

// serve runs the route and renders its answer: JSON for a value, a
// problem document for an error.
func (h *Handler) serve(rt route, r *http.Request, body []byte) (status int, ctype string, out []byte) {
	status, v, err := rt.run(r, body)
	if err == nil {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err = enc.Encode(v); err == nil {
			return status, "application/json", buf.Bytes()
		}
	}
	p := problemFor(err)
	if p.Status >= 500 && p.Type == ProblemInternal {
		h.opts.Logger.Error("api: request failed", "route", rt.method+" "+rt.path, "err", err)
	}
	b, _ := json.Marshal(p)
	return p.Status, "application/problem+json", append(b, '\n')
}

func writeRaw(w http.ResponseWriter, status int, ctype string, body []byte) {
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="crmkit"`)
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
