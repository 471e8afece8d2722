// Package audit checks and reads the audit trail every crmkit store keeps:
// the store's Journal, where each write leaves a change (who, what, which
// record, when, the digests of the record before and after) in the same
// transaction as the write, each change hash-chained to the one before.
//
// Verify walks the chain and says whether it is whole; ForCustomer and
// ByActor answer "what happened to this customer" and "what did this person
// do".
//
//	st, err := sqlite.Open("shop.db", nil)
//	...
//	rep, err := audit.Verify(ctx, st, &audit.VerifyOptions{Anchor: kept})
//	if err != nil { ... }          // the journal could not be read
//	if !rep.OK {
//		log.Printf("audit trail broken at change %d: %s", rep.BrokenSeq, rep.Detail)
//	}
//	for c, err := range audit.ForCustomer(ctx, st, customerID) { ... }
//
// What Verify can prove: an altered change (any recorded field: actor, time,
// operation, IDs, digests) no longer matches its hash; a removed change
// leaves a gap in Seq or a broken link. What it cannot prove alone is that
// nothing was cut off the end, or that someone with write access to the
// database did not rewrite the chain from some change onwards, hashes and
// all: for that the host keeps an anchor, the journal head (Seq and Hash
// from store.Journal.JournalHead) saved from time to time somewhere the
// database's writers cannot reach (a log shipper, a signed e-mail, another
// system), and passes it to Verify, which then checks that the chain still
// holds that very change.
//
// The personal data in a change (its BeforeData and AfterData payloads) is
// not covered by the hash, so erasing it for privacy keeps the chain
// verifiable; the digests still prove what the record was.
package audit
