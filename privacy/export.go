package privacy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// ExportSchema names the layout of a Document. It changes only when a field
// is renamed, removed or changes meaning; new fields may be added under the
// same name, so readers should ignore fields they do not know.
const ExportSchema = "crmkit.privacy.export/v1"

// Document is everything the store holds about one customer: the answer to
// a GDPR access request (Art. 15), a portable copy (Art. 20) and the CCPA
// right to know. Its JSON (see WriteJSON) is the stable exchange format:
//
//	schema        ExportSchema
//	customer_id   the customer's UUID
//	generated_at  when the export was taken (RFC 3339, UTC)
//	profile       the customer.Customer profile as stored, or null when the
//	              store holds none (never created, or erased)
//	consents      the consent history (customer.Consent), oldest first; a
//	              copy of profile.consents so the answer to "what did I agree
//	              to" needs no digging
//	orders        order.Order records, oldest first by placed_at
//	returns       order.Return records, oldest first by requested_at
//	events        behaviour events (behavior.Event) tied to the customer ID,
//	              oldest first
//	audit         audit records about the customer, each the audit trail's
//	              own JSON object, oldest first; empty when the store keeps no
//	              audit trail (see AuditExporter)
//
// Lists are never null: an empty list is written as [].
type Document struct {
	Schema      string             `json:"schema"`
	CustomerID  uuid.UUID          `json:"customer_id"`
	GeneratedAt time.Time          `json:"generated_at"`
	Profile     *customer.Customer `json:"profile"`
	Consents    []customer.Consent `json:"consents"`
	Orders      []order.Order      `json:"orders"`
	Returns     []order.Return     `json:"returns"`
	Events      []behavior.Event   `json:"events"`
	Audit       []json.RawMessage  `json:"audit"`
}

// Empty reports whether the store held nothing at all about the customer.
func (d *Document) Empty() bool {
	return d.Profile == nil && len(d.Orders) == 0 && len(d.Returns) == 0 && len(d.Events) == 0 && len(d.Audit) == 0
}

// Export collects everything st holds about the customer into a Document.
// A customer with no profile (never created, or erased) is not an error: the
// document then holds what is left, such as orders kept for legal
// retention, and Empty reports whether there was anything. When st
// implements AuditExporter the customer's audit records are included. The
// parts are read one after another, not from one snapshot: a write landing
// meanwhile may show in one part and not in another.
// Errors: ErrNoCustomer; the store's errors.
func Export(ctx context.Context, st store.Store, customerID uuid.UUID) (*Document, error) {
	if customerID == uuid.Nil {
		return nil, ErrNoCustomer
	}
	d := &Document{
		Schema:      ExportSchema,
		CustomerID:  customerID,
		GeneratedAt: time.Now().UTC().Truncate(time.Second),
		Consents:    []customer.Consent{},
		Orders:      []order.Order{},
		Returns:     []order.Return{},
		Events:      []behavior.Event{},
		Audit:       []json.RawMessage{},
	}
	c, err := st.GetCustomer(ctx, customerID)
	switch {
	case err == nil:
		d.Profile = &c
		d.Consents = append(d.Consents, c.Consents...)
	case !errors.Is(err, store.ErrNotFound):
		return nil, fmt.Errorf("privacy: export %s: profile: %w", customerID, err)
	}
	if d.Orders, err = collect(d.Orders, st.Orders(ctx, store.OrderFilter{CustomerID: customerID})); err != nil {
		return nil, fmt.Errorf("privacy: export %s: orders: %w", customerID, err)
	}
	if d.Returns, err = collect(d.Returns, st.Returns(ctx, store.ReturnFilter{CustomerID: customerID})); err != nil {
		return nil, fmt.Errorf("privacy: export %s: returns: %w", customerID, err)
	}
	if d.Events, err = collect(d.Events, st.Events(ctx, store.EventFilter{CustomerID: customerID})); err != nil {
		return nil, fmt.Errorf("privacy: export %s: events: %w", customerID, err)
	}
	if a, ok := st.(AuditExporter); ok {
		recs, err := a.AuditRecords(ctx, customerID)
		if err != nil {
			return nil, fmt.Errorf("privacy: export %s: audit: %w", customerID, err)
		}
		d.Audit = append(d.Audit, recs...)
	}
	return d, nil
}

// WriteJSON writes the document as indented JSON followed by a newline.
func (d *Document) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		return fmt.Errorf("privacy: write export: %w", err)
	}
	return nil
}

// collect appends every value of a scan to dst, stopping at the first error.
func collect[T any](dst []T, seq iter.Seq2[T, error]) ([]T, error) {
	for v, err := range seq {
		if err != nil {
			return dst, err
		}
		dst = append(dst, v)
	}
	return dst, nil
}
