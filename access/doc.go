// Package access controls who may do what with customer data. A Principal
// (a person or a service account) carries Roles; a Policy grants each role
// actions (read, write, delete, export, erase) on resources (customers,
// orders, returns, products, events, summaries, stats, pii — the personal
// data inside them — and audit, the store's journal). Wrap puts a policy in
// front of any store.Store: every call checks the principal in its context
// and is refused with an error wrapping ErrForbidden where the policy says
// no.
//
//	guarded := access.Wrap(st, nil) // nil: DefaultPolicy
//	ctx = access.WithPrincipal(ctx, access.Principal{ID: "u-17", Roles: []access.Role{access.RoleMarketer}})
//	c, err := guarded.GetCustomer(ctx, id) // c.Email == access.Redacted: marketers see no personal data
//
// # Which calls need what
//
//	customers read    GetCustomer, GetCustomerByExternalID, Customers
//	  + pii read      GetCustomerByEmail, Customers with an Email filter,
//	                  GetCustomerByExternalID with a personal external ID
//	customers write   CreateCustomer(s), UpdateCustomer (+ pii write to set
//	                  or change personal data)
//	customers delete  DeleteCustomer (its events go with it)
//	customers write+delete  MergeCustomers
//	orders read/write/delete  GetOrder, GetOrderByNumber, Orders / CreateOrder(s),
//	                  UpdateOrder / DeleteOrder
//	returns read/write  GetReturn, Returns / CreateReturn, UpdateReturn
//	products read/write  GetProduct, Products / UpsertProducts
//	events read/write  Events / AppendEvents
//	summaries read    CustomerSummary, CustomerSummaries (store.Summarizer)
//	stats read        Stats
//	audit read        Changes, JournalHead (store.Journal)
//	customers export  AuditRecords (privacy.AuditExporter; payloads left
//	                  out without pii read)
//	customers erase   EraseAuditPayloads (privacy.AuditEraser), Compact
//	                  (privacy.Compacter)
//	export, erase     otherwise no store method: the packages that export or
//	                  erase a customer's data ask Policy.Authorize
//
// Every write that passes is recorded in the store's journal under the
// principal's ID (store.WithActor), so the audit trail names who did it.
//
// A store.BulkLoader's LoadBatch needs write on every kind of record in the
// batch (and pii write for profiles with personal data), as store.Load would
// through the single-record methods. An empty batch needs only a principal.
// Close is not checked.
//
// Operations outside the store (an API route, a data-subject export or
// erasure) check the same policy with Policy.Authorize:
//
//	if err := policy.Authorize(ctx, access.ResourceCustomers, access.ActionErase); err != nil {
//		return err // errors.Is(err, access.ErrForbidden)
//	}
//
// # Masking
//
// A principal without pii read gets personal data replaced by Redacted on
// every read path — lookups, scans, MergeCustomers' result and the values
// a write hands back: e-mail, phone, names, address lines, city, region and
// postal code, external IDs that are e-mails or phone numbers, personal
// attributes (PersonalAttributes and the values customer.Merge keeps from a
// merged profile), the text of reviews, surveys and support contacts, and a
// return's reason. Lookups by e-mail (or by a personal external ID) are
// refused rather than answered masked, since the answer alone would tie the
// address to a customer.
//
// Such a principal may still update a profile it read masked (to add a tag,
// say): every field still carrying Redacted gets the stored value back
// before the write, so masks never overwrite real data; setting or changing
// personal data needs pii write.
//
// Summaries carry no personal data but tie spending to a customer ID. On a
// backend with its own store.Summarizer they need summaries read; on one
// without, store.Summaries scans orders and returns through the wrapper,
// which needs orders read and returns read. The default policy grants
// summaries only to roles that read orders and returns, so it behaves alike
// on every backend.
//
// The wrapper keeps no state of its own and a Policy is immutable, so both
// are safe for concurrent use (the wrapped store must be, as every
// store.Store is).
package access
