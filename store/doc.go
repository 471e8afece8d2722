// Package store defines where crmkit keeps customer data: the Store interface
// with its written contract, the filters and cursors of its scans, and the
// per-customer summary with a scan-based fallback.
//
// Backends live one per subfolder — store/memory for tests, store/sqlite as
// the embedded persistent default, store/postgres for shops that outgrow one
// machine — and each proves the contract by running store/storetest.
//
//	st := memory.New()
//	err := st.CreateCustomer(ctx, &c)             // *customer.ValidationError, ErrConflict
//	for o, err := range st.Orders(ctx, store.OrderFilter{CustomerID: c.ID}) {
//		...
//	}
//	page, next, err := store.Collect(st.Customers(ctx, store.CustomerFilter{Limit: 50}), 50, store.CustomerCursor)
//
// Contract common to every method:
//   - Every Store is safe for concurrent use.
//   - Values passed in are copied: a caller that changes them afterwards
//     changes nothing stored; values handed out are copies too.
//   - Writes validate at the store boundary and return the domain package's
//     *ValidationError (customer, order, behavior) before touching anything.
//   - A batch write is all-or-nothing: on any error nothing of it is stored.
//   - A failed write leaves the store as it was.
//   - Every successful write leaves its changes in the store's Journal
//     (one per record, one per kind of a bulk load), in the same
//     transaction: a reader of the journal sees exactly the writes that
//     were committed, in commit order, hash-chained (see Journal).
//   - Times are stored with microsecond precision in UTC; backends truncate.
//   - Errors are ErrNotFound, ErrConflict, ErrClosed, a validation error, or
//     a backend error wrapped with context; check with errors.Is / errors.As.
package store
