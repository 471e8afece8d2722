// Package storetest is the conformance suite of the store contract. Every
// backend runs it from its own tests, the way every fs.FS passes
// testing/fstest.TestFS:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) store.Store { return memory.New() })
//	}
//
// open must return a new, empty store for every call; the suite closes it.
// The suite covers errors, filters, ordering, pagination, atomic batches,
// optimistic concurrency, validation at the store boundary, summaries, bulk
// loads, closing, concurrent writers (run it under -race) and a scan of
// 100,000 events. Set Options.Short (or run with -short) to scale the large
// cases down.
package storetest
