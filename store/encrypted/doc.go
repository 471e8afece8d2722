// Package encrypted is a store decorator that keeps customers' personal
// contact data encrypted at rest: e-mail, phone and postal addresses are
// sealed with AES-256-GCM under a key the host supplies before they reach
// the inner store, and opened again on every read — single profiles, scans,
// lookups and merges. Lookup by e-mail and the store's e-mail uniqueness
// keep working through a keyed HMAC-SHA256 blind index.
//
//	keys, err := encrypted.NewKeyring(encrypted.KeyringConfig{
//		Primary: encrypted.Key{ID: "2026-11", Secret: aesKey},   // 32 bytes each,
//		Index:   encrypted.Key{ID: "idx-1", Secret: indexKey},   // from the host's secret store
//	})
//	st, err := encrypted.Wrap(sqliteStore, keys, nil)
//	err = st.CreateCustomer(ctx, &c)                       // stored encrypted
//	c, err = st.GetCustomerByEmail(ctx, "ada@example.com") // found by blind index
//
// Decorators that need the plaintext, such as access control, wrap the
// encrypting store rather than the other way round: access.Wrap(st, policy).
//
// # What the inner store holds
//
// Every backend already persists a profile's attributes, so the encrypted
// data travels there and the backends need no change:
//
//   - Email holds a token, "<40 hex digits>@pii.invalid": the first 160 bits
//     of HMAC-SHA256(index key, "crmkit/email-index/v1\x00" +
//     customer.EmailKey(email)). Equal e-mail keys give equal tokens, so the
//     inner store's GetCustomerByEmail, CustomerFilter.Email and uniqueness
//     check work on tokens unchanged. The .invalid domain is reserved, so a
//     token can never be mailed to.
//   - Phone holds "000000" when the profile has a phone (and nothing
//     otherwise), so the rule that a profile needs an e-mail, phone or
//     external ID still holds in the inner store. Addresses are left empty.
//   - The attributes "crmkit.pii.<ID>.o.<n>" (the ID as 32 hex digits)
//     hold the encrypted state of the profile: e-mail, phone, addresses,
//     and the attributes "merged_from.<ID>.email" / ".phone" in which
//     customer.Merge keeps a merged profile's conflicting e-mail or phone,
//     in a small binary layout (length-prefixed strings, see state.go)
//     because every read decodes one. Ciphertexts
//     longer than an attribute may be (customer.MaxAttributeLen) are split
//     over the chunks n = 0, 1, ...; each takes one of the profile's
//     customer.MaxAttributes attribute slots.
//
// Names, tags, interests, consents, the external ID and other attributes
// stay in plaintext, as do orders, returns, products and events.
//
// # Ciphertext format
//
//	e1:<key ID>:<kind>:<target ID>:<source ID>:<version>:<base64url(nonce || sealed)>
//
// "e1" is the format version. The key ID names the key it was sealed with,
// so older keys still open their ciphertexts after a new primary key takes
// over. The nonce is 96 random bits from crypto/rand, fresh for every seal.
// Everything before the last colon is the GCM additional authenticated
// data: the ciphertext is bound to the profile it belongs to (target) and
// cannot be moved to another profile, relabelled with another key or kind,
// or altered without failing authentication (ErrAuthentication, naming the
// key ID). A key ID missing from the keyring is ErrUnknownKey, naming it.
// Reads also check that the e-mail token matches the decrypted e-mail under
// one of the keyring's index keys, and that the phone marker matches the
// decrypted phone (ErrInconsistent): removing or swapping ciphertexts in
// the database is noticed, never read as a profile without an e-mail.
//
// # Merges
//
// The inner store's MergeCustomers is the only atomic way to move a dropped
// profile's orders and events, but it can merge only what it holds. So the
// wrapper first rewrites the dropped profile with a second copy of its
// state, of kind "m", encrypted for the kept profile (target) and stamped
// with the version the merge gives it, stored under
// "crmkit.pii.<kept ID>.m.<dropped ID>.<n>". The inner merge carries it
// across; a read folds the kept profile's states in version order — an own
// state replaces, a merged-in one is folded in by customer.Merge — so the
// result is exactly the plaintext merge, including "merged_from" entries.
// States bound to another profile (the dropped one's own) are ignored and
// dropped at the next write, as is the dropped profile's token that the
// inner merge keeps as "merged_from.<ID>.email". The merged profile's
// version goes up by one, as the store contract says.
//
// # Keys and rotation
//
// A Keyring holds the primary key (encrypts every write), older keys (only
// decrypt), the blind-index key (which must differ from every encryption
// key) and older index keys (tried by lookups and uniqueness checks). To
// rotate, wrap the inner store with a keyring whose primary is the new key
// and whose Old list holds the previous one, and call Rotate: every profile
// not yet current is re-encrypted under the primary key and re-indexed
// under the index key; profiles already current are skipped, so a stopped
// run resumes by running again (or from RotateReport.Cursor). Once Rotate
// returns no error and no Conflicts, the old key can leave the keyring.
// Rotation is an update: each rewritten profile's Version goes up by one.
//
// # Optional interfaces
//
// The wrapper always implements store.Summarizer (summaries carry no
// personal data) and Rotator. It implements store.BulkLoader, store.Journal
// and privacy's Compacter, AuditExporter and AuditEraser exactly when the
// inner store does. Journal changes and audit records are the inner
// store's, so the profiles in their payloads are in the encrypted form.
//
// # Limits
//
// Encryption hides e-mail, phone and addresses from anyone who reads the
// database files, backups of them, or the journal; it does not hide them
// from the host process, which holds the keys. A backup.Backup of the
// inner store stays encrypted (and restores into any backend, readable
// with the same keys); one taken through the wrapper is in plaintext. The blind index reveals
// which profiles share an e-mail key (none, by uniqueness) and nothing else
// without the index key. Uniqueness against profiles still indexed under an
// older index key, or unencrypted under Options.AllowPlaintext, is checked
// (by every write, bulk loads included) before the write, not inside the
// inner store's transaction; Rotate
// reports any duplicate that slips through. Merges are serialised against
// customer writes within one process; two processes merging into the same
// profile at once may order the merged-in states differently from the
// inner store. A merge rewrites the dropped profile first (one more
// journal change) and leaves the kept profile, until its next write, with
// a few more attribute slots taken: a profile near customer.MaxAttributes
// may fail to merge. Each write re-encrypts the whole state and each read
// decrypts it and recomputes the e-mail token; the cost is in
// BENCHMARKS.md ("PII encryption").
package encrypted
