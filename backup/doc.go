// Package backup writes a whole store to a portable, versioned file and
// restores it into any backend: memory, SQLite or PostgreSQL.
//
//	f, _ := os.Create("shop.crmkit.gz")
//	m, err := backup.Backup(ctx, st, f)        // m.Counts says what was written
//	...
//	m, err = backup.Restore(ctx, target, r)     // all or nothing
//
// # Format
//
// A backup is a gzip stream of JSON Lines (one JSON object per line, each
// ending in '\n'). Every line carries a "kind":
//
//	{"kind":"header","format":"crmkit-backup","version":1,"created_at":"…","counts":{…}}
//	{"kind":"product","record":{…}}        products, then
//	{"kind":"customer","record":{…}}       customers, orders, returns, events
//	{"kind":"trailer","counts":{…},"sha256":"…"}
//
// Records are the domain types (order.Product, customer.Customer,
// order.Order, order.Return, behavior.Event) in their JSON form, so money
// stays an exact decimal string and times keep their microseconds. The
// trailer repeats the counts and holds the SHA-256 of the record lines, as
// bytes, including their newlines. Version is raised whenever a reader of
// the old version could misread a new file.
//
// # Restore
//
// Restore reads and checks the whole file — gzip integrity, header, format
// version, that every record decodes, the counts and the checksum — before it
// writes anything, and then writes everything in one store.Load with
// store.ConflictFail. The target must implement store.BulkLoader, whose
// LoadBatch is atomic, so a failed restore leaves the target as it was.
//
// The records are held in memory between checking and writing: about two to
// three times the uncompressed size of the backup. That is the price of
// atomicity through the store contract, which offers no transaction spanning
// several Load calls; chunked writes would leave a half-restored store when
// a later chunk fails. A shop whose data outgrows memory copies SQLite files
// with the SQLite backend's online copy or PostgreSQL with its own tools.
//
// A backup is consistent when the store is not written during it: Backup
// compares the records it scanned with the store's Stats taken first and
// fails with ErrChanged when they differ.
package backup
