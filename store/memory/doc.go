// Package memory is a complete in-memory store.Store for tests, examples and
// short-lived tools. It keeps everything in maps behind one read-write mutex,
// is safe for concurrent use, and hands out copies: a caller that mutates a
// value it passed in or got back changes nothing stored. Nothing survives the
// process; use store/sqlite for a persistent store.
//
//	st := memory.New()
//	defer st.Close()
//	err := st.CreateCustomer(ctx, &customer.Customer{Email: "ada@example.com"})
//
// It implements store.BulkLoader (atomic batches) but not store.Summarizer,
// so summaries come from the scan-based fallback. It keeps a store.Journal,
// each write's changes appended under the same lock as the write, and is
// privacy's AuditExporter and AuditEraser.
package memory
