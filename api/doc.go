// Package api serves a crmkit store over HTTP: net/http handlers a host
// mounts on its own mux, with JSON in and out in the domain types' own JSON.
//
//	h, err := api.New(st, &api.Options{
//		Keys: []api.APIKey{{Hash: api.HashKey(secret), Principal: access.Principal{ID: "shop-backend", Roles: []access.Role{access.RoleService}}}},
//		Recommender: rec, // a *recommend.Recommender, optional
//	})
//	mux.Handle("/crm/", http.StripPrefix("/crm", h))
//
// # Routes
//
//	POST   /customers                       create (201)
//	GET    /customers                       list by creation, ?limit ?cursor ?tag; find by ?email or ?external_id
//	GET    /customers/{id}                  read
//	PUT    /customers/{id}                  replace; the body carries the version read (stale: 409)
//	DELETE /customers/{id}                  delete (events go, orders and returns stay)
//	POST   /customers/{id}/merge            fold {"drop_id"} into {id}
//	GET    /customers/{id}/orders           the customer's orders, newest first, ?limit ?cursor ?status
//	GET    /customers/{id}/recommendations  ?n ?exclude_seen, from Options.Recommender
//	GET    /customers/{id}/segment          RFM segment among all customers with orders
//	GET    /customers/{id}/clv              predicted lifetime value
//	GET    /customers/{id}/export           everything held about the customer (privacy.Export)
//	POST   /customers/{id}/erase            erase personal data (privacy.Erase)
//	POST   /orders                          create (201)
//	GET    /orders/{id}                     read
//	POST   /orders/{id}/status              {"status", "version"?, "at"?}: a life-cycle step
//	POST   /returns                         create (201)
//	GET    /returns/{id}                    read
//	POST   /events                          {"events": [...]}: ingest a batch, all or nothing (201)
//	GET    /stats                           record counts
//	GET    /reports/kpi                     the insight report, ?from ?to (YYYY-MM-DD)
//	GET    /openapi.json                    the OpenAPI 3.0 document (no authentication)
//
// The OpenAPI document (OpenAPI, api/openapi.json) describes every route,
// parameter and schema; a test keeps it and the handlers in step.
//
// # Errors
//
// Every error is an RFC 9457 problem document served as
// application/problem+json with type, title, status and detail, and, for a
// field at fault, field (its JSON path) and value: 400 for a body that is
// not JSON, has the wrong types or unknown fields, or a bad ID or query
// value; 401 without a valid key; 403 where the caller's roles say no; 404;
// 409 for a taken unique key, a stale version or a forbidden status change;
// 413 for a body over Options.MaxBodyBytes; 415 for a body declared as
// something other than JSON; 422 for a domain rule broken (the typed
// validation errors of customer, order and behavior); 503 for a capability
// the host did not configure. A 500 means a fault of the server or store;
// its detail is generic and the error goes to Options.Logger.
//
// # Security
//
// Callers authenticate with an API key ("Authorization: Bearer KEY" or
// "X-API-Key: KEY"). The handler holds only SHA-256 hashes of the keys
// (HashKey) and compares in constant time; each key maps to an
// access.Principal, whose roles decide everything else. A host with its own
// sessions or tokens sets Options.Authenticate instead. Every call runs
// through access.Wrap over the store, so the roles' permissions and the
// masking of personal data apply to every route, and the principal's ID is
// recorded as the actor of each write (store.WithActor). Export needs
// customers export, erasure customers erase, and segment, CLV and KPI
// routes summaries read (access.Policy.Authorize).
//
// # Idempotency
//
// A POST with an Idempotency-Key header is performed once: the same key
// with the same body (from the same caller) replays the stored response
// with "Idempotent-Replayed: true"; the key with another body or route is a
// 422; a retry while the first request is still running is a 409. Server
// errors are not stored, so a retry after one runs again. Responses are
// kept in this process's memory for Options.IdempotencyTTL (24 h) and at
// most Options.IdempotencyEntries (oldest dropped first): API processes
// behind a load balancer do not share them, and a restart forgets them.
//
// # Analytics
//
// Recommendations come from the host's trained recommender
// (Options.Recommender, e.g. a *recommend.Recommender); events ingested
// through POST /events are folded into it at once (AddEvents) and erasure
// makes it forget the customer. Segments are RFM scores computed over every
// customer's order summary and reused for Options.AnalyticsTTL. CLV comes
// from the host's fitted model (Options.CLV) or, without one, from BG/NBD
// and Gamma-Gamma models the handler fits on the store's orders at the
// first request and refits after Options.AnalyticsTTL. KPI reports are
// reused for Options.AnalyticsTTL too, per period and set of roles.
//
// A Handler is safe for concurrent use.
package api
