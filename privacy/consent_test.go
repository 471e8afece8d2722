package privacy_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/privacy"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

func TestRecordConsent(t *testing.T) {
	backends(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		p := seedPerson(t, ctx, st, 1, t0) // granted e-mail marketing at t0 - 3y
		withdraw := customer.Consent{Channel: customer.ChannelEmail, Granted: false, At: t0, Source: "unsubscribe_link", Purpose: "marketing"}
		c, err := privacy.RecordConsent(ctx, st, p.ID, withdraw)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Consents) != 2 || c.HasConsent(customer.ChannelEmail) {
			t.Fatalf("consents = %+v, want the grant then the withdrawal", c.Consents)
		}
		got, err := st.GetCustomer(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Consents) != 2 || got.Consents[1].Source != "unsubscribe_link" || !got.Consents[1].At.Equal(t0) {
			t.Fatalf("stored consents = %+v", got.Consents)
		}
		// The same record again changes nothing, not even the version.
		again, err := privacy.RecordConsent(ctx, st, p.ID, withdraw)
		if err != nil {
			t.Fatal(err)
		}
		if len(again.Consents) != 2 || again.Version != got.Version {
			t.Errorf("repeat recorded twice: %d records, version %d → %d", len(again.Consents), got.Version, again.Version)
		}

		// What was in force when.
		for _, tc := range []struct {
			at          time.Time
			ok, granted bool
			wantSource  string
			purpose     string
		}{
			{t0.AddDate(-4, 0, 0), false, false, "", "marketing"},
			{t0.AddDate(-3, 0, 0), true, true, "checkout", "marketing"},
			{t0.Add(-time.Second), true, true, "checkout", "marketing"},
			{t0, true, false, "unsubscribe_link", "marketing"},
			{t0.AddDate(1, 0, 0), true, false, "unsubscribe_link", "marketing"},
			{t0, false, false, "", "newsletter"},
		} {
			rec, ok := privacy.ConsentAt(&got, customer.ChannelEmail, tc.purpose, tc.at)
			if ok != tc.ok || rec.Granted != tc.granted || rec.Source != tc.wantSource {
				t.Errorf("ConsentAt(%s, %s) = %+v, %v; want granted %v from %q", tc.purpose, tc.at, rec, ok, tc.granted, tc.wantSource)
			}
		}

		if _, err := privacy.RecordConsent(ctx, st, uuid.New(), withdraw); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown customer: err = %v, want store.ErrNotFound", err)
		}
	})
}

func TestRecordConsentValidation(t *testing.T) {
	ok := customer.Consent{Channel: customer.ChannelSMS, Granted: true, At: t0, Source: "checkout", Purpose: "order_updates"}
	for _, tc := range []struct {
		field  string
		change func(*customer.Consent)
	}{
		{"consent.channel", func(c *customer.Consent) { c.Channel = "fax" }},
		{"consent.at", func(c *customer.Consent) { c.At = time.Time{} }},
		{"consent.source", func(c *customer.Consent) { c.Source = "  " }},
		{"consent.purpose", func(c *customer.Consent) { c.Purpose = "" }},
	} {
		rec := ok
		tc.change(&rec)
		_, err := privacy.RecordConsent(context.Background(), nil, uuid.New(), rec)
		var ve *privacy.ValidationError
		if !errors.As(err, &ve) || ve.Field != tc.field {
			t.Errorf("%s: err = %v, want a ValidationError on that field", tc.field, err)
		}
	}
	if _, err := privacy.RecordConsent(context.Background(), nil, uuid.Nil, ok); !errors.Is(err, privacy.ErrNoCustomer) {
		t.Errorf("nil ID: err = %v", err)
	}
}

// TestRecordConsentConcurrent records consents from several goroutines at
// once: the optimistic retry must keep every one of them.
func TestRecordConsentConcurrent(t *testing.T) {
	backends(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		p := seedPerson(t, ctx, st, 1, t0)
		const writers = 8 // at most writers-1 conflicts each, within the retry bound
		var wg sync.WaitGroup
		errs := make([]error, writers)
		for i := range writers {
			wg.Go(func() {
				_, errs[i] = privacy.RecordConsent(ctx, st, p.ID, customer.Consent{
					Channel: customer.ChannelSMS, Granted: i%2 == 0, At: t0.Add(time.Duration(i) * time.Minute),
					Source: fmt.Sprintf("kiosk-%d", i), Purpose: "marketing",
				})
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("writer %d: %v", i, err)
			}
		}
		c, err := st.GetCustomer(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Consents) != 1+writers {
			t.Fatalf("%d consent records, want %d", len(c.Consents), 1+writers)
		}
		// The latest by time is in force: writer 7 withdrew.
		if rec, _ := c.ConsentFor(customer.ChannelSMS); rec.Source != "kiosk-7" || rec.Granted {
			t.Errorf("in force: %+v, want kiosk-7's withdrawal", rec)
		}
	})
}
