package encrypted_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// person returns a profile numbered i with every field set, two addresses
// among them.
func person(i int) *customer.Customer {
	c := &customer.Customer{
		ID:         uuid.NewSHA1(uuid.NameSpaceOID, fmt.Appendf(nil, "person-%d", i)),
		ExternalID: fmt.Sprintf("shop-%04d", i),
		Email:      fmt.Sprintf("Grace.Hopper%d@Navy.example", i),
		FirstName:  "Grace",
		LastName:   fmt.Sprintf("Hopper%d", i),
		Phone:      fmt.Sprintf("+1 (202) 555-%04d", 1000+i),
		Addresses: []customer.Address{
			{Kind: "shipping", Line1: fmt.Sprintf("%d Cobol Court", 10+i), Line2: "Flat 3", City: "Arlington", Region: "VA", PostalCode: "22201", Country: "us"},
			{Kind: "billing", Line1: fmt.Sprintf("%d Compiler Way", 20+i), City: "New York", PostalCode: "10001", Country: "US"},
		},
		Tags:       []string{"VIP", "navy"},
		Interests:  []string{"computing"},
		Attributes: map[string]string{"loyalty": "gold", mergedFromEmail(i): fmt.Sprintf("old%d@navy.example", i)},
		CreatedAt:  t0.Add(time.Duration(i) * time.Minute),
	}
	c.GrantConsent(customer.ChannelEmail, t0, "signup form")
	return c
}

// mergedFromEmail is the attribute key under which person i keeps the
// e-mail of a profile merged into it earlier.
func mergedFromEmail(i int) string {
	return customer.MergedFromPrefix + uuid.NewSHA1(uuid.NameSpaceOID, fmt.Appendf(nil, "merged-%d", i)).String() + ".email"
}

// jsonOf returns v as indented JSON, for comparisons that show the difference.
func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	require.NoError(t, err)
	return string(b)
}

// TestRoundTripEveryField writes a full profile through the wrapper and
// reads it back by every read path; the inner store must hold none of the
// personal fields in plaintext.
func TestRoundTripEveryField(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) { roundTripEveryField(t, b.open(t)) })
	}
}

func roundTripEveryField(t *testing.T, inner store.Store) {
	ctx := context.Background()
	st := wrap(t, inner)
	c := person(1)
	// An address longer than one attribute may hold forces the ciphertext
	// over several chunks.
	c.Addresses[1].Line2 = strings.Repeat("Building B, ", 400)
	want := c.Clone()
	want.Normalize()
	require.NoError(t, st.CreateCustomer(ctx, c))
	assert.Equal(t, want.Email, c.Email, "the caller's value carries the plaintext")
	assert.Equal(t, want.Addresses, c.Addresses)

	got, err := st.GetCustomer(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, jsonOf(t, c), jsonOf(t, got))
	assert.Equal(t, "Grace.Hopper1@navy.example", got.Email)
	assert.Equal(t, "+12025551001", got.Phone)
	assert.Equal(t, want.Addresses, got.Addresses)
	assert.Equal(t, "gold", got.Attributes["loyalty"])
	assert.Equal(t, "old1@navy.example", got.Attributes[mergedFromEmail(1)])
	assert.Len(t, got.Attributes, 2, "no ciphertext attributes leak out")

	byEmail, err := st.GetCustomerByEmail(ctx, " grace.hopper1@NAVY.example ")
	require.NoError(t, err)
	assert.Equal(t, jsonOf(t, c), jsonOf(t, byEmail))
	byExt, err := st.GetCustomerByExternalID(ctx, "shop-0001")
	require.NoError(t, err)
	assert.Equal(t, jsonOf(t, c), jsonOf(t, byExt))
	var scanned []customer.Customer
	for s, err := range st.Customers(ctx, store.CustomerFilter{}) {
		require.NoError(t, err)
		scanned = append(scanned, s)
	}
	require.Len(t, scanned, 1)
	assert.Equal(t, jsonOf(t, c), jsonOf(t, scanned[0]))

	// Update every personal field and read it back.
	got.Email = "amazing.grace@navy.example"
	got.Phone = "+1 202 555 9999"
	got.Addresses = got.Addresses[:1]
	got.Addresses[0].Line1 = "1 Bug Lane"
	require.NoError(t, st.UpdateCustomer(ctx, &got))
	again, err := st.GetCustomerByEmail(ctx, "AMAZING.grace@navy.example")
	require.NoError(t, err)
	assert.Equal(t, jsonOf(t, got), jsonOf(t, again))
	_, err = st.GetCustomerByEmail(ctx, "grace.hopper1@navy.example")
	require.ErrorIs(t, err, store.ErrNotFound, "the old address no longer finds the profile")

	// The inner store holds a token, a phone marker and ciphertexts.
	raw, err := inner.GetCustomer(ctx, c.ID)
	require.NoError(t, err)
	assert.Regexp(t, `^[0-9a-f]{40}@pii\.invalid$`, raw.Email)
	assert.Equal(t, "000000", raw.Phone)
	assert.Empty(t, raw.Addresses)
	rawJSON := jsonOf(t, raw)
	for _, secret := range []string{"amazing.grace", "AMAZING", "2025559999", "Bug Lane", "Arlington", "old1@navy"} {
		assert.NotContains(t, rawJSON, secret)
	}
	assert.Equal(t, "Grace", raw.FirstName, "names are not encrypted")
}

// TestValidationBeforeEncryption: errors name the plaintext field and value,
// and the reserved attribute prefix is refused.
func TestValidationBeforeEncryption(t *testing.T) {
	ctx := context.Background()
	st := wrap(t, memory.New())
	c := person(2)
	c.Addresses[0].Country = "USA"
	var ve *customer.ValidationError
	require.ErrorAs(t, st.CreateCustomer(ctx, c), &ve)
	assert.Equal(t, "addresses[0].country", ve.Field)
	assert.Equal(t, "USA", ve.Value)

	c = person(3)
	c.Attributes["crmkit.pii.forged.o.0"] = "x"
	require.ErrorAs(t, st.CreateCustomer(ctx, c), &ve)
	assert.Equal(t, "attributes", ve.Field)

	c = person(4)
	c.Attributes = map[string]string{}
	for i := range customer.MaxAttributes {
		c.Attributes[fmt.Sprintf("a%d", i)] = "v"
	}
	require.ErrorAs(t, st.CreateCustomer(ctx, c), &ve, "100 attributes leave no slot for the ciphertext")
	assert.Equal(t, "attributes", ve.Field)
	n, err := st.Stats(ctx)
	require.NoError(t, err)
	assert.Zero(t, n.Customers)
}

// TestPhoneOnlyProfile: a profile known only by phone stays valid in the
// inner store through the phone marker.
func TestPhoneOnlyProfile(t *testing.T) {
	ctx := context.Background()
	st := wrap(t, memory.New())
	c := &customer.Customer{Phone: "+44 20 7946 0000"}
	require.NoError(t, st.CreateCustomer(ctx, c))
	got, err := st.GetCustomer(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, "+442079460000", got.Phone)
	assert.Empty(t, got.Email)
	assert.Nil(t, got.Attributes)
}
