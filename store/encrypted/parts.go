package encrypted

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

//go:generate go run gen_shapes.go

// The optional interfaces of the inner store that the wrapper forwards.
// compacter, auditExporter and auditEraser have the method sets of
// privacy.Compacter, privacy.AuditExporter and privacy.AuditEraser, declared
// here so that a store package does not import the privacy layer above it.
type (
	compacter interface {
		Compact(ctx context.Context) error
	}
	auditExporter interface {
		AuditRecords(ctx context.Context, customerID uuid.UUID) ([]json.RawMessage, error)
	}
	auditEraser interface {
		EraseAuditPayloads(ctx context.Context, customerID uuid.UUID) (int, error)
	}
)

// bulkPart forwards store.BulkLoader, encrypting the batch's customers.
type bulkPart struct {
	w  *encStore
	bl store.BulkLoader
}

// LoadBatch implements store.BulkLoader: customers are validated in
// plaintext and encrypted, stamped with the version they carry, then the
// batch goes to the inner store's LoadBatch as a whole.
//
// An e-mail held by a stored profile under an older index key (or in
// plaintext, under AllowPlaintext) is a conflict too: the customer is left
// out and counted in Skipped under store.ConflictSkip, and fails the batch
// with store.ErrConflict otherwise.
func (p bulkPart) LoadBatch(ctx context.Context, b store.Batch, onConflict store.ConflictPolicy) (store.LoadResult, error) {
	enc := b
	enc.Customers = make([]customer.Customer, 0, len(b.Customers))
	plain := make([]customer.Customer, 0, len(b.Customers))
	for i := range b.Customers {
		c, err := prepare(&b.Customers[i])
		if err != nil {
			return store.LoadResult{}, fmt.Errorf("customers[%d]: %w", i, err)
		}
		if c.ID == uuid.Nil {
			c.ID = uuid.New()
		}
		e, err := p.w.encode(c, max(c.Version, 1))
		if err != nil {
			return store.LoadResult{}, fmt.Errorf("customers[%d]: %w", i, err)
		}
		enc.Customers = append(enc.Customers, e)
		plain = append(plain, c)
	}
	p.w.merging.RLock()
	defer p.w.merging.RUnlock()
	skipped := 0
	if len(p.w.keys.oldIndex) > 0 || p.w.opts.AllowPlaintext {
		kept := enc.Customers[:0]
		for i, c := range plain {
			err := p.w.checkOldIndex(ctx, c.ID, c.Email)
			switch {
			case err == nil:
				kept = append(kept, enc.Customers[i])
			case errors.Is(err, store.ErrConflict) && onConflict == store.ConflictSkip:
				skipped++
			default:
				return store.LoadResult{}, fmt.Errorf("customers[%d]: %w", i, err)
			}
		}
		enc.Customers = kept
	}
	res, err := p.bl.LoadBatch(ctx, enc, onConflict)
	if err == nil {
		res.Skipped += skipped
	}
	return res, err
}

// journalPart forwards store.Journal unchanged: the changes' payloads are
// the inner store's records, so profiles appear in them encrypted.
type journalPart struct{ j store.Journal }

// Changes implements store.Journal.
func (p journalPart) Changes(ctx context.Context, f store.ChangeFilter) iter.Seq2[store.Change, error] {
	return p.j.Changes(ctx, f)
}

// JournalHead implements store.Journal.
func (p journalPart) JournalHead(ctx context.Context) (int64, store.Digest, error) {
	return p.j.JournalHead(ctx)
}

// compactPart forwards privacy.Compacter.
type compactPart struct{ c compacter }

// Compact rebuilds the inner store's files (privacy.Compacter).
func (p compactPart) Compact(ctx context.Context) error { return p.c.Compact(ctx) }

// exportPart forwards privacy.AuditExporter; the records are the inner
// store's, with profiles in their encrypted form.
type exportPart struct{ a auditExporter }

// AuditRecords lists the audit records about a customer (privacy.AuditExporter).
func (p exportPart) AuditRecords(ctx context.Context, customerID uuid.UUID) ([]json.RawMessage, error) {
	return p.a.AuditRecords(ctx, customerID)
}

// erasePart forwards privacy.AuditEraser.
type erasePart struct{ a auditEraser }

// EraseAuditPayloads scrubs a customer's audit payloads (privacy.AuditEraser).
func (p erasePart) EraseAuditPayloads(ctx context.Context, customerID uuid.UUID) (int, error) {
	return p.a.EraseAuditPayloads(ctx, customerID)
}
