package access

import (
	"context"
	"iter"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// Summaries carry no personal data (a customer ID, counts, money), but they
// reveal what each customer spends, so they need summaries read. On a
// backend without a Summarizer, store.Summaries scans orders and returns
// through the wrapper, which then needs orders read and returns read.

func customerSummary(ctx context.Context, g *guard, s store.Summarizer, id uuid.UUID, f store.SummaryFilter) (store.CustomerSummary, error) {
	if _, err := g.check(ctx, ResourceSummaries, ActionRead); err != nil {
		return store.CustomerSummary{}, err
	}
	return s.CustomerSummary(ctx, id, f)
}

func customerSummaries(ctx context.Context, g *guard, s store.Summarizer, f store.SummaryFilter) iter.Seq2[store.CustomerSummary, error] {
	if _, err := g.check(ctx, ResourceSummaries, ActionRead); err != nil {
		return errSeq[store.CustomerSummary](err)
	}
	return s.CustomerSummaries(ctx, f)
}

// loadBatch needs write on every kind of record the batch holds, and PII
// write when it holds customers with personal data: what the same batch
// would need through store.Load on a store without a BulkLoader.
func loadBatch(ctx context.Context, g *guard, bl store.BulkLoader, b store.Batch, onConflict store.ConflictPolicy) (store.LoadResult, error) {
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
	return bl.LoadBatch(ctx, b, onConflict)
}

// CustomerSummary needs summaries read.
func (g *guardSum) CustomerSummary(ctx context.Context, id uuid.UUID, f store.SummaryFilter) (store.CustomerSummary, error) {
	return customerSummary(ctx, g.guard, g.sum, id, f)
}

// CustomerSummaries needs summaries read.
func (g *guardSum) CustomerSummaries(ctx context.Context, f store.SummaryFilter) iter.Seq2[store.CustomerSummary, error] {
	return customerSummaries(ctx, g.guard, g.sum, f)
}

// LoadBatch needs write on every kind of record in the batch (see Wrap).
func (g *guardBulk) LoadBatch(ctx context.Context, b store.Batch, onConflict store.ConflictPolicy) (store.LoadResult, error) {
	return loadBatch(ctx, g.guard, g.bulk, b, onConflict)
}

// CustomerSummary needs summaries read.
func (g *guardSumBulk) CustomerSummary(ctx context.Context, id uuid.UUID, f store.SummaryFilter) (store.CustomerSummary, error) {
	return customerSummary(ctx, g.guard, g.sum, id, f)
}

// CustomerSummaries needs summaries read.
func (g *guardSumBulk) CustomerSummaries(ctx context.Context, f store.SummaryFilter) iter.Seq2[store.CustomerSummary, error] {
	return customerSummaries(ctx, g.guard, g.sum, f)
}

// LoadBatch needs write on every kind of record in the batch (see Wrap).
func (g *guardSumBulk) LoadBatch(ctx context.Context, b store.Batch, onConflict store.ConflictPolicy) (store.LoadResult, error) {
	return loadBatch(ctx, g.guard, g.bulk, b, onConflict)
}
