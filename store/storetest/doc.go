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
// 100,000 events. Under -short or the race detector the large cases are
// scaled down (10,000 events).
package storetest
