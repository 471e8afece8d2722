// Package postgres keeps crmkit's data in PostgreSQL: a store.Store (with
// store.Summarizer and store.BulkLoader) on github.com/jackc/pgx/v5's
// connection pool, for shops that want a database server of their own —
// shared by several application instances, backed up and replicated by the
// usual PostgreSQL tools.
//
//	st, err := postgres.Open(ctx, "postgres://crm@db.internal:5432/shop", nil)
//	if err != nil {
//		return err
//	}
//	defer st.Close()
//	err = st.CreateCustomer(ctx, &c)                // *customer.ValidationError, store.ErrConflict
//	sum, err := store.SummaryOf(ctx, st, c.ID, store.SummaryFilter{}) // computed in SQL
//
// # Layout
//
// The tables live in one schema (Options.Schema, default "crmkit", created
// when missing), so they never collide with a shop's own "customers" or
// "orders". The schema comes from embedded SQL migrations
// (migrations/NNNN_name.sql); each is applied in one transaction together
// with its row in schema_migrations (version, name, SHA-256 of the file), and
// every migration transaction first takes an advisory lock keyed by the
// schema, so any number of processes may Open the same database at once.
// A recorded migration whose file has since changed stops Open.
//
// Money is NUMERIC, exact and with its scale kept (12.50 stays 12.50, also
// inside the JSONB order lines); times are timestamptz with microsecond
// precision, handed back in UTC; IDs are uuid, which PostgreSQL orders by
// bytes — the order of the contract's cursors. Nested values (order lines,
// returned items, addresses, consents, attributes) are JSONB. Each filter
// of the contract has an index (see the migration), and every scan pages by
// keyset — WHERE (time, id) > (cursor) ORDER BY time, id LIMIT n — so a page
// costs the same at the end of a table as at its start, and a connection is
// held only while a page is fetched. Scans are not snapshots: a record
// written behind the scan's position during the scan is not seen.
//
// Every write records its changes (store.Journal) in the journal table in
// its own transaction — one row per record, one per kind of record for
// LoadBatch — and, as its last step, locks the one-row journal_head to number
// and chain them, so Seq order is commit order and the chain cannot fork
// (migrations/0002_journal.sql says why a sequence would not do). That lock
// serialises the end of concurrent write transactions. The Store is also
// privacy's AuditExporter and AuditEraser; an erased payload's old row
// version stays in the table file until VACUUM reclaims it.
//
// Summaries (store.Summarizer) are one aggregate query grouped by customer,
// whose rows are streamed (holding one connection until the loop ends);
// bulk loads (LoadBatch) run in one transaction and COPY rows in, straight
// into the tables under store.ConflictFail and through temporary staging
// tables with INSERT ... ON CONFLICT DO NOTHING under store.ConflictSkip.
//
// # Concurrency
//
// A Store is safe for concurrent use. Each write is one statement or one
// transaction at READ COMMITTED. Updates lock the row (SELECT ... FOR
// UPDATE), check the version and write with the version in the UPDATE's
// WHERE, so of two updates carrying the same version exactly one wins and
// the other gets store.ErrConflict. CreateReturn locks the order, so
// concurrent returns cannot together take back more than was bought;
// MergeCustomers locks both profiles in ID order. Unique violations
// (SQLSTATE 23505) become store.ErrConflict naming the key; text holding a
// NUL byte, which PostgreSQL cannot store, is refused with ErrNULByte.
//
// # Growing beyond one server
//
// What a shop does, in order, as it outgrows a single PostgreSQL server.
// None of it changes the API; the later steps change the schema, and the
// notes say how.
//
// Connection pooling. Each Store is a pool (Options.MaxConns). Many
// application instances can share a PgBouncer in transaction mode; since a
// pooler may drop the startup parameters Open sets, give the role the
// schema instead (ALTER ROLE crm SET search_path = crmkit), and add
// default_query_exec_mode=exec to the DSN unless the pooler supports
// prepared statements.
//
// Read replicas for scans and reports. Writes, and reads that must see them
// (GetCustomer before UpdateCustomer, CreateReturn's checks), stay on the
// primary. The heavy readers — Customers/Orders/Events scans, Summaries and
// every job built on them (segmentation, CLV and forecast fits, insight
// reports, exports) — tolerate seconds of replication lag and move to a
// streaming replica: open a second Store with the replica's DSN and
// Options.ReadOnly (no migrations; read-only transactions), and hand that
// store to the reporting jobs. A 360° customer view reads its profile from
// the primary and its history from either.
//
// Partitioning inside one server. The events table grows fastest and is
// read by time: declare it PARTITION BY RANGE (at) with one partition per
// month. Scans with Since/Until then touch only their months, each
// partition's indexes stay small, and retention becomes DETACH PARTITION +
// DROP TABLE instead of a huge DELETE. PostgreSQL requires the partition key
// in every unique index, so the primary key becomes (id, at); uniqueness of
// an event ID across months then rests on the IDs being version-7 UUIDs, or
// on a slim event_ids(id uuid PRIMARY KEY) table written in the same
// transaction when a shop needs the contract's ErrConflict for repeated IDs
// across months. Orders and returns are read by customer (the 360° view,
// summaries, return checks): declare orders, returns and events (as the
// sub-partitioning of each month) PARTITION BY HASH (customer_id), e.g.
// MODULUS 16. Their primary keys become (customer_id, id), the returns'
// foreign key references orders (customer_id, id), and the global unique
// order number moves to an order_numbers(number PRIMARY KEY, order_id)
// table maintained with the order. MergeCustomers' UPDATE of customer_id
// moves rows between partitions, which PostgreSQL does within the
// transaction.
//
// Citus, for several servers. Distribute by customer, so that everything
// about one customer lives on one shard: create_distributed_table on
// customers (by id), and on orders, returns and events by customer_id,
// co-located with customers (colocate_with => 'customers'); products, small
// and joined everywhere, becomes create_reference_table('products'). The
// per-customer queries of this package (GetCustomer, Orders, Events and
// Returns filtered by CustomerID, CustomerSummary, CreateReturn's checks)
// then route to one shard; CustomerSummaries' GROUP BY customer_id and the
// time-ordered scans run on every shard in parallel, merged by the
// coordinator. Unique constraints on a distributed table must include the
// distribution column, so the global keys move to lookup tables
// distributed by the key itself: customer_emails(email_key PRIMARY KEY,
// customer_id), customer_external_ids(external_id PRIMARY KEY, customer_id)
// and order_numbers(number PRIMARY KEY, customer_id, order_id), written in
// the same (distributed) transaction as the record; lookups by e-mail,
// external ID or order number read the lookup table first and then go to
// one shard. GetOrder and GetReturn by bare ID fan out to all shards (fast,
// in parallel); a host that reads orders by ID at high rates keeps
// (order_id, customer_id) in the same way. This layout is on paper: the
// package's migrations create the single-server schema.
//
// # Tests
//
// The tests need a server: they read its DSN from CRMKIT_POSTGRES_DSN and
// skip without it, except under CI (CI=true), where a missing DSN fails
// them. .ci/postgres.sh starts a throw-away cluster and sets the variable.
// Each test works in a schema of its own, dropped at the end.
package postgres
