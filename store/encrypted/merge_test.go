package encrypted_test

import (
	"context"
	"errors"
	"testing"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMergeMatchesPlaintext runs the same merges on a plain store and on an
// encrypting one: every profile must read the same, field by field,
// including the "merged_from" entries customer.Merge writes, through nested
// merges and a merge into a profile without an e-mail.
func TestMergeMatchesPlaintext(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) { mergeMatchesPlaintext(t, b.open(t)) })
	}
}

func mergeMatchesPlaintext(t *testing.T, inner store.Store) {
	ctx := context.Background()
	plain := memory.New()
	enc := wrap(t, inner)

	profiles := map[string]*customer.Customer{}
	for i, name := range []string{"keep", "drop", "phoneOnly", "nested", "noEmail", "giver"} {
		c := person(10 + i)
		switch name {
		case "phoneOnly":
			c.Email = ""
		case "noEmail":
			c.Email = ""
			c.Phone = ""
			c.Addresses = nil
			c.Attributes = nil
		case "drop":
			c.Addresses[0] = person(10).Addresses[0] // one address shared with keep
			c.Phone = person(10).Phone               // and the same phone
		}
		profiles[name] = c
	}
	for _, st := range []store.Store{plain, enc} {
		for _, c := range profiles {
			cc := c.Clone()
			require.NoError(t, st.CreateCustomer(ctx, &cc))
		}
	}
	id := func(name string) uuid.UUID { return profiles[name].ID }
	steps := [][2]string{
		{"keep", "drop"},        // e-mails conflict; phones equal; addresses partly shared
		{"phoneOnly", "nested"}, // nested holds an e-mail, phoneOnly takes it
		{"keep", "phoneOnly"},   // a profile that absorbed another is merged in turn
		{"noEmail", "giver"},    // the kept profile takes the dropped one's e-mail token
		{"keep", "noEmail"},     // and is then merged into keep
	}
	for _, s := range steps {
		want, err := plain.MergeCustomers(ctx, id(s[0]), id(s[1]))
		require.NoError(t, err)
		got, err := enc.MergeCustomers(ctx, id(s[0]), id(s[1]))
		require.NoError(t, err, "merge %s <- %s", s[0], s[1])
		assertSameProfile(t, want, got, "merge result %s <- %s", s[0], s[1])
		stored, err := enc.GetCustomer(ctx, id(s[0]))
		require.NoError(t, err)
		assertSameProfile(t, want, stored, "stored after %s <- %s", s[0], s[1])
		_, err = enc.GetCustomer(ctx, id(s[1]))
		require.ErrorIs(t, err, store.ErrNotFound)
	}
	final, err := plain.GetCustomer(ctx, id("keep"))
	require.NoError(t, err)
	assert.Len(t, final.Addresses, 9, "the addresses of five profiles, one shared")

	// Lookups by e-mail agree too: every address either finds keep or nothing.
	for name, c := range profiles {
		if c.Email == "" {
			continue
		}
		want, werr := plain.GetCustomerByEmail(ctx, c.Email)
		got, gerr := enc.GetCustomerByEmail(ctx, c.Email)
		require.Equal(t, errors.Is(werr, store.ErrNotFound), errors.Is(gerr, store.ErrNotFound), name)
		if werr == nil {
			require.NoError(t, gerr)
			assert.Equal(t, want.ID, got.ID, name)
		}
	}

	// An update writes the folded state as the profile's own; it reads the
	// same and the merged states are gone from the inner store.
	got, err := enc.GetCustomer(ctx, id("keep"))
	require.NoError(t, err)
	got.AddTag("merged")
	require.NoError(t, enc.UpdateCustomer(ctx, &got))
	want, err := plain.GetCustomer(ctx, id("keep"))
	require.NoError(t, err)
	want.AddTag("merged")
	require.NoError(t, plain.UpdateCustomer(ctx, &want))
	again, err := enc.GetCustomer(ctx, id("keep"))
	require.NoError(t, err)
	assertSameProfile(t, want, again, "after an update")
	raw, err := inner.GetCustomer(ctx, id("keep"))
	require.NoError(t, err)
	for k := range raw.Attributes {
		if len(k) > len("crmkit.pii.") && k[:len("crmkit.pii.")] == "crmkit.pii." {
			assert.Regexp(t, `^crmkit\.pii\.[0-9a-f]{32}\.o\.\d+$`, k, "only the profile's own state is left")
		}
	}
}

// assertSameProfile compares two profiles as JSON, ignoring UpdatedAt (the
// stores' clocks differ).
func assertSameProfile(t *testing.T, want, got customer.Customer, msgAndArgs ...any) {
	t.Helper()
	want.UpdatedAt, got.UpdatedAt = want.CreatedAt, got.CreatedAt
	assert.JSONEq(t, jsonOf(t, want), jsonOf(t, got), msgAndArgs...)
}
