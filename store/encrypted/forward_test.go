package encrypted_test

import (
	"context"
	"encoding/json"
	"iter"
	"path/filepath"
	"testing"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/privacy"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/encrypted"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/crmkit/crmkit/store/sqlite"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// audited is a memory store with a journal and audit records, standing in
// for a backend that has them.
type audited struct {
	*memory.Store
	erased []uuid.UUID
}

func (a *audited) Changes(ctx context.Context, f store.ChangeFilter) iter.Seq2[store.Change, error] {
	return func(yield func(store.Change, error) bool) {
		yield(store.Change{Seq: f.AfterSeq + 1, Op: store.OpCreate, Entity: store.EntityCustomer}, nil)
	}
}

func (a *audited) JournalHead(ctx context.Context) (int64, store.Digest, error) {
	return 42, store.Digest{1, 2, 3}, nil
}

func (a *audited) AuditRecords(ctx context.Context, id uuid.UUID) ([]json.RawMessage, error) {
	return []json.RawMessage{json.RawMessage(`{"customer":"` + id.String() + `"}`)}, nil
}

func (a *audited) EraseAuditPayloads(ctx context.Context, id uuid.UUID) (int, error) {
	a.erased = append(a.erased, id)
	return 7, nil
}

// TestOptionalInterfaces: the wrapper has an optional interface exactly
// when the inner store has it, and forwards the calls.
func TestOptionalInterfaces(t *testing.T) {
	ctx := context.Background()
	has := func(st store.Store) map[string]bool {
		_, bulk := st.(store.BulkLoader)
		_, journal := st.(store.Journal)
		_, compact := st.(privacy.Compacter)
		_, export := st.(privacy.AuditExporter)
		_, erase := st.(privacy.AuditEraser)
		_, sum := st.(store.Summarizer)
		_, rot := st.(encrypted.Rotator)
		return map[string]bool{"bulk": bulk, "journal": journal, "compact": compact, "export": export, "erase": erase, "summarizer": sum, "rotator": rot}
	}

	mem := wrap(t, memory.New())
	assert.Equal(t, map[string]bool{"bulk": true, "journal": true, "compact": false, "export": true, "erase": true, "summarizer": true, "rotator": true}, has(mem))

	sq, err := sqlite.Open(filepath.Join(t.TempDir(), "crm.db"), nil)
	require.NoError(t, err)
	defer sq.Close()
	ws := wrap(t, sq)
	for name, want := range has(sq) {
		if name != "summarizer" && name != "rotator" {
			assert.Equal(t, want, has(ws)[name], "sqlite: %s", name)
		}
	}
	assert.True(t, has(ws)["compact"])

	inner := &audited{Store: memory.New()}
	wa := wrap(t, inner)
	assert.Equal(t, map[string]bool{"bulk": true, "journal": true, "compact": false, "export": true, "erase": true, "summarizer": true, "rotator": true}, has(wa))
	seq, head, err := wa.(store.Journal).JournalHead(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(42), seq)
	assert.Equal(t, store.Digest{1, 2, 3}, head)
	for ch, err := range wa.(store.Journal).Changes(ctx, store.ChangeFilter{AfterSeq: 9}) {
		require.NoError(t, err)
		assert.Equal(t, int64(10), ch.Seq)
	}
	id := uuid.New()
	recs, err := wa.(privacy.AuditExporter).AuditRecords(ctx, id)
	require.NoError(t, err)
	assert.JSONEq(t, `{"customer":"`+id.String()+`"}`, string(recs[0]))
	n, err := wa.(privacy.AuditEraser).EraseAuditPayloads(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, 7, n)
	assert.Equal(t, []uuid.UUID{id}, inner.erased)
}

// TestBulkLoadEncrypts: customers loaded through the wrapper's LoadBatch
// reach the inner store encrypted and keep their versions.
func TestBulkLoadEncrypts(t *testing.T) {
	ctx := context.Background()
	inner := memory.New()
	st := wrap(t, inner)
	a, b := *person(700), *person(701)
	a.Version = 5
	res, err := store.Load(ctx, st, store.Batch{Customers: []customer.Customer{a, b}}, store.ConflictSkip)
	require.NoError(t, err)
	assert.Equal(t, 2, res.Customers)
	raw, err := inner.GetCustomer(ctx, a.ID)
	require.NoError(t, err)
	assert.Regexp(t, `@pii\.invalid$`, raw.Email)
	assert.Empty(t, raw.Addresses)
	got, err := st.GetCustomerByEmail(ctx, a.Email)
	require.NoError(t, err)
	assert.Equal(t, int64(5), got.Version)
	assert.Equal(t, a.Addresses[0].Line1, got.Addresses[0].Line1)
	// A re-run skips both: the blind index finds the e-mails taken.
	res, err = store.Load(ctx, st, store.Batch{Customers: []customer.Customer{a, b}}, store.ConflictSkip)
	require.NoError(t, err)
	assert.Equal(t, 2, res.Skipped)
	// Summaries pass through.
	sum, err := store.SummaryOf(ctx, st, a.ID, store.SummaryFilter{})
	require.NoError(t, err)
	assert.Equal(t, a.ID, sum.CustomerID)
}
