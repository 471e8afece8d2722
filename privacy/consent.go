package privacy

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// RecordConsent appends a consent record — a grant or a withdrawal, for a
// channel and purpose, with the time and the source it came from — to the
// customer's consent history and stores the profile. The history is
// append-only, so what the customer agreed to at any past moment can be
// shown later (ConsentAt).
//
// A concurrent update of the profile makes the store refuse the write with
// store.ErrConflict; RecordConsent then reads the profile again and retries,
// a bounded number of times. Recording a record identical to one already in
// the history changes nothing, so a caller may safely retry it too.
//
// It returns the stored profile. Errors: ErrNoCustomer; *ValidationError for
// a record without a known channel, a time, a source or a purpose;
// store.ErrNotFound; store.ErrConflict when every retry lost the race; the
// store's other errors.
func RecordConsent(ctx context.Context, st store.CustomerStore, customerID uuid.UUID, rec customer.Consent) (customer.Customer, error) {
	if customerID == uuid.Nil {
		return customer.Customer{}, ErrNoCustomer
	}
	if err := validateConsent(rec); err != nil {
		return customer.Customer{}, err
	}
	rec.At = store.Timestamp(rec.At)
	rec.Source = strings.TrimSpace(rec.Source)
	rec.Purpose = strings.TrimSpace(rec.Purpose)
	for attempt := 1; ; attempt++ {
		c, err := st.GetCustomer(ctx, customerID)
		if err != nil {
			return customer.Customer{}, fmt.Errorf("privacy: record consent for %s: %w", customerID, err)
		}
		if hasConsent(c.Consents, rec) {
			return c, nil
		}
		c.Consents = append(c.Consents, rec)
		err = st.UpdateCustomer(ctx, &c)
		if err == nil {
			return c, nil
		}
		if !errors.Is(err, store.ErrConflict) || attempt == maxAttempts {
			return customer.Customer{}, fmt.Errorf("privacy: record consent for %s: %w", customerID, err)
		}
	}
}

// ConsentAt returns the consent record for the channel and purpose that was
// in force at moment t: the latest one made at or before t (on equal times,
// the later in the history). ok is false when none had been made by then,
// which means no consent.
func ConsentAt(c *customer.Customer, ch customer.Channel, purpose string, t time.Time) (rec customer.Consent, ok bool) {
	for _, r := range c.Consents {
		if r.Channel == ch && r.Purpose == purpose && !r.At.After(t) && (!ok || !r.At.Before(rec.At)) {
			rec, ok = r, true
		}
	}
	return rec, ok
}

func validateConsent(rec customer.Consent) error {
	switch {
	case !rec.Channel.Valid():
		return &ValidationError{Field: "consent.channel", Value: string(rec.Channel), Reason: `must be "email" or "sms"`}
	case rec.At.IsZero():
		return &ValidationError{Field: "consent.at", Reason: "the time the consent was given or withdrawn is required"}
	case strings.TrimSpace(rec.Source) == "":
		return &ValidationError{Field: "consent.source", Value: rec.Source, Reason: "how the consent was given or withdrawn is required"}
	case strings.TrimSpace(rec.Purpose) == "":
		return &ValidationError{Field: "consent.purpose", Value: rec.Purpose, Reason: "the purpose consented to is required"}
	}
	return nil
}

// hasConsent reports whether history already holds rec (times compared as instants).
func hasConsent(history []customer.Consent, rec customer.Consent) bool {
	for _, r := range history {
		if r.Channel == rec.Channel && r.Granted == rec.Granted && r.At.Equal(rec.At) && r.Source == rec.Source && r.Purpose == rec.Purpose {
			return true
		}
	}
	return false
}
