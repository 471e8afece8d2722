// Package sqlite is crmkit's embedded persistent store: the whole store.Store
// contract on one SQLite file, in pure Go (modernc.org/sqlite, no cgo).
//
//	st, err := sqlite.Open("shop.db", nil)
//	if err != nil { ... }
//	defer st.Close()
//	err = st.CreateCustomer(ctx, &c)             // *customer.ValidationError, store.ErrConflict
//	sum, err := st.CustomerSummary(ctx, c.ID, store.SummaryFilter{})
//	err = st.Backup(ctx, "shop-copy.db")          // consistent copy while in use
//
// Durability: the file runs in WAL mode with synchronous=FULL, so a write is
// on disk when the call that made it returns, and a crash (even SIGKILL or
// power loss) keeps every acknowledged write and none half-done. Every batch
// method is one transaction. The schema comes from SQL migrations embedded
// in the binary; Open applies those not yet recorded in the file's
// schema_migrations table, each in its own transaction.
//
// Storage: money is decimal text, exact to the last digit and exponent
// ("12.50" reads back as 12.50, never through a float); IDs are the UUID's
// 16 bytes, whose order is the contract's ID order; times are unix
// microseconds in UTC; nested values (addresses, consents, order lines,
// return items, attributes) are JSON columns. Every filter of the contract
// is served by an index whose trailing (time, id) columns also give the
// scan order, so scans stream row by row without sorting. Summaries are one
// grouped SQL query, adding money with an exact decimal aggregate.
//
// Concurrency: a Store is safe for concurrent use. Writes go through a
// single connection and are serialised; reads use a pool of read-only
// connections that see the last committed state without blocking the
// writer. A scan holds one read connection until it ends; reads inside a
// scan open further connections rather than wait, so nesting never
// deadlocks. Other processes may open the same file; they queue on its
// lock for up to Options.BusyTimeout.
//
// LoadBatch (store.BulkLoader) is the fast path for imports and restores:
// one transaction and prepared statements for the whole batch.
//
// Journal: every write inserts its changes (store.Journal) into the journal
// table in the write's own transaction — one row per record, one per kind
// of record for LoadBatch — numbered and hash-chained under the writer's
// lock, so the journal holds exactly the committed writes, in commit order.
// The Store is also privacy's AuditExporter, AuditEraser and Compacter.
package sqlite
