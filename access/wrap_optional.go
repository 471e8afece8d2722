package access

import (
	"context"
	"encoding/json"
	"iter"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// Each optional interface a store may have is forwarded by a capability
// value holding the guard and the inner store seen through that interface;
// the shapes in wrap_shapes.go embed the capabilities the inner store has,
// so the wrapper has exactly its optional methods.

// The privacy package's optional interfaces, restated so that access need
// not import it (method sets match, so the wrapper satisfies privacy's).
type (
	auditExporter interface {
		AuditRecords(ctx context.Context, customerID uuid.UUID) ([]json.RawMessage, error)
	}
	auditEraser interface {
		EraseAuditPayloads(ctx context.Context, customerID uuid.UUID) (int, error)
	}
	compacter interface {
		Compact(ctx context.Context) error
	}
)

// caps holds the capabilities of one wrapped store; a zero field (nil
// guard) is one the store lacks.
type caps struct {
	sum     sumCap
	bulk    bulkCap
	journal journalCap
	audit   auditCap
	compact compactCap
}

// Summaries carry no personal data (a customer ID, counts, money), but they
// reveal what each customer spends, so they need summaries read. On a
// backend without a Summarizer, store.Summaries scans orders and returns
// through the wrapper, which then needs orders read and returns read.
type sumCap struct {
	g   *guard
	sum store.Summarizer
}

// CustomerSummary needs summaries read.
func (c sumCap) CustomerSummary(ctx context.Context, id uuid.UUID, f store.SummaryFilter) (store.CustomerSummary, error) {
	if _, err := c.g.check(ctx, ResourceSummaries, ActionRead); err != nil {
		return store.CustomerSummary{}, err
	}
	return c.sum.CustomerSummary(ctx, id, f)
}

// CustomerSummaries needs summaries read.
func (c sumCap) CustomerSummaries(ctx context.Context, f store.SummaryFilter) iter.Seq2[store.CustomerSummary, error] {
	if _, err := c.g.check(ctx, ResourceSummaries, ActionRead); err != nil {
		return errSeq[store.CustomerSummary](err)
	}
	return c.sum.CustomerSummaries(ctx, f)
}

type bulkCap struct {
	g    *guard
	bulk store.BulkLoader
}

// LoadBatch needs write on every kind of record the batch holds, and PII
// write when it holds customers with personal data: what the same batch
// would need through store.Load on a store without a BulkLoader.
func (c bulkCap) LoadBatch(ctx context.Context, b store.Batch, onConflict store.ConflictPolicy) (store.LoadResult, error) {
	g := c.g
	pr, err := g.present(ctx, ResourceCustomers, ActionWrite)
	if err != nil {
		return store.LoadResult{}, err
	}
	for _, need := range []struct {
		res Resource
		n   int
	}{
		{ResourceProducts, len(b.Products)},
		{ResourceCustomers, len(b.Customers)},
		{ResourceOrders, len(b.Orders)},
		{ResourceReturns, len(b.Returns)},
		{ResourceEvents, len(b.Events)},
	} {
		if need.n > 0 && !g.policy.Allows(pr, need.res, ActionWrite) {
			return store.LoadResult{}, g.forbid(pr, need.res, ActionWrite)
		}
	}
	for i := range b.Customers {
		if err := g.checkPIIWrite(pr, b.Customers[i], customer.Customer{}); err != nil {
			return store.LoadResult{}, err
		}
	}
	return c.bulk.LoadBatch(asActor(ctx), b, onConflict)
}

// The journal names who changed which record and, in its payloads, holds
// the records' personal data: reading it needs audit read, which the
// default policy gives admins only.
type journalCap struct {
	g *guard
	j store.Journal
}

// Changes needs audit read.
func (c journalCap) Changes(ctx context.Context, f store.ChangeFilter) iter.Seq2[store.Change, error] {
	if _, err := c.g.check(ctx, ResourceAudit, ActionRead); err != nil {
		return errSeq[store.Change](err)
	}
	return c.j.Changes(ctx, f)
}

// JournalHead needs audit read.
func (c journalCap) JournalHead(ctx context.Context) (int64, store.Digest, error) {
	if _, err := c.g.check(ctx, ResourceAudit, ActionRead); err != nil {
		return 0, store.Digest{}, err
	}
	return c.j.JournalHead(ctx)
}

// A customer's audit records are part of a data-subject export and are
// scrubbed by an erasure, so they go with customers export and customers
// erase.
type auditCap struct {
	g  *guard
	ex auditExporter
	er auditEraser
}

// AuditRecords needs customers export. For a principal without pii read
// the records' payloads (the before and after JSON of the record) are
// left out; the digests stay.
func (c auditCap) AuditRecords(ctx context.Context, customerID uuid.UUID) ([]json.RawMessage, error) {
	pr, err := c.g.check(ctx, ResourceCustomers, ActionExport)
	if err != nil {
		return nil, err
	}
	recs, err := c.ex.AuditRecords(ctx, customerID)
	if err != nil || c.g.seesPII(pr) {
		return recs, err
	}
	out := make([]json.RawMessage, len(recs))
	for i, r := range recs {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(r, &m); err != nil {
			return nil, err
		}
		delete(m, "before_data")
		delete(m, "after_data")
		if out[i], err = json.Marshal(m); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// EraseAuditPayloads needs customers erase.
func (c auditCap) EraseAuditPayloads(ctx context.Context, customerID uuid.UUID) (int, error) {
	if _, err := c.g.check(ctx, ResourceCustomers, ActionErase); err != nil {
		return 0, err
	}
	return c.er.EraseAuditPayloads(ctx, customerID)
}

// Compacting rewrites the whole database so that erased data leaves no
// trace in it: it belongs with customers erase.
type compactCap struct {
	g *guard
	k compacter
}

// Compact needs customers erase.
func (c compactCap) Compact(ctx context.Context) error {
	if _, err := c.g.check(ctx, ResourceCustomers, ActionErase); err != nil {
		return err
	}
	return c.k.Compact(ctx)
}

// AuthorizeErase needs customers erase: privacy.Erase asks it before its
// first step (privacy.EraseAuthorizer), so a caller without the right
// changes nothing, where the steps alone (blanking return reasons, say)
// would each be checked against a different permission.
func (g *guard) AuthorizeErase(ctx context.Context, customerID uuid.UUID) error {
	_, err := g.check(ctx, ResourceCustomers, ActionErase)
	return err
}
