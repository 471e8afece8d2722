package privacy

import (
	"context"
	"encoding/json"

	"github.com/google/uuid"
)

// Audit records are the store's journal (store.Journal), kept by every
// backend in this module; privacy reaches them through these optional
// interfaces, checked on the store given to Export and Erase (as
// store.Summarizer is checked on backends), so that decorators (access,
// encryption) can forward them with their own rules. A store without them
// has no audit trail to export or erase, and the export's "audit" list is
// empty.

// AuditExporter is implemented by a store that keeps audit records and can
// list those about one customer, oldest first, each as its own JSON object.
type AuditExporter interface {
	AuditRecords(ctx context.Context, customerID uuid.UUID) ([]json.RawMessage, error)
}

// AuditEraser is implemented by a store that keeps audit records and can
// remove the personal data in those about one customer (the before/after
// payloads) while keeping what the trail needs to stay verifiable. It returns
// how many records it scrubbed; a second call scrubs none.
type AuditEraser interface {
	EraseAuditPayloads(ctx context.Context, customerID uuid.UUID) (int, error)
}

// EraseAuthorizer is implemented by a store decorator that decides who may
// erase (access.Wrap does). Erase and Sweep ask it before their first write,
// so a caller without the right is refused before anything changes, rather
// than part-way through the steps.
type EraseAuthorizer interface {
	AuthorizeErase(ctx context.Context, customerID uuid.UUID) error
}
