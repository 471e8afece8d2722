// Package privacy answers the data-protection requests a shop receives and
// keeps the promises it makes: Export gathers everything held about a
// customer into one JSON document (GDPR Art. 15 and 20, CCPA right to
// know); Erase removes the customer's personal data from the store and from
// trained models while keeping the financial records the law requires
// (GDPR Art. 17 and 17(3)(b), CCPA right to delete); RecordConsent keeps
// an append-only consent history with purpose, time and source; Sweep
// erases customers inactive for longer than a retention policy allows.
//
//	doc, err := privacy.Export(ctx, st, customerID)
//	err = doc.WriteJSON(w)
//
//	receipt, err := privacy.Erase(ctx, st, customerID, &privacy.EraseOptions{
//		Forgetters: []privacy.Forgetter{recommender}, // *recommend.Recommender
//	})
//
// Erasure keeps orders and returns, without any free text, under the
// customer's ID, which no longer leads to a profile (see Erase for the
// trade-off). On a store that keeps deleted bytes in its file, such as
// store/sqlite, Erase compacts the store (Compacter) so no copy of the data
// survives on disk.
//
// Other backends keep deleted rows for a while too: PostgreSQL until
// (auto)vacuum reclaims the space, and in its write-ahead log archive. Every
// backend's backups keep what they held when taken: after restoring one,
// erase again every customer whose receipt is newer than the backup.
//
// Audit records are reached through the optional interfaces AuditExporter
// and AuditEraser on the store given: an audit decorator that implements
// them has its records exported and its payloads erased with no change here.
// A decorator that wraps a store should forward Compact too.
package privacy
