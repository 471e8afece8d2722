package encrypted_test

import (
	"context"
	"strings"
	"testing"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/encrypted"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const piiPrefix = "crmkit.pii."

// ownChunks returns the ciphertext attributes of a raw (inner) profile.
func ownChunks(c customer.Customer) map[string]string {
	out := map[string]string{}
	for k, v := range c.Attributes {
		if strings.HasPrefix(k, piiPrefix) {
			out[k] = v
		}
	}
	return out
}

// rewriteRaw changes a profile in the inner store directly, as someone with
// write access to the database could.
func rewriteRaw(t *testing.T, inner store.Store, c customer.Customer, change func(*customer.Customer)) {
	t.Helper()
	change(&c)
	require.NoError(t, inner.UpdateCustomer(context.Background(), &c))
}

func TestTamperedCiphertextIsRejected(t *testing.T) {
	ctx := context.Background()
	inner := memory.New()
	st := wrap(t, inner)
	c := person(30)
	require.NoError(t, st.CreateCustomer(ctx, c))
	raw, err := inner.GetCustomer(ctx, c.ID)
	require.NoError(t, err)
	rewriteRaw(t, inner, raw, func(r *customer.Customer) {
		for k, v := range ownChunks(*r) {
			// Flip one character of the sealed body, well past the header.
			i := len(v) - 10
			flipped := byte('A')
			if v[i] == 'A' {
				flipped = 'B'
			}
			r.Attributes[k] = v[:i] + string(flipped) + v[i+1:]
		}
	})
	_, err = st.GetCustomer(ctx, c.ID)
	require.ErrorIs(t, err, encrypted.ErrAuthentication)
	assert.Contains(t, err.Error(), `"k1"`, "the error names the key")
	assert.Contains(t, err.Error(), c.ID.String(), "and the profile")
	for _, err := range st.Customers(ctx, store.CustomerFilter{}) {
		require.ErrorIs(t, err, encrypted.ErrAuthentication, "scans yield the error")
	}
}

func TestCiphertextCopiedToAnotherCustomerFails(t *testing.T) {
	ctx := context.Background()
	inner := memory.New()
	st := wrap(t, inner)
	a, b := person(31), person(32)
	require.NoError(t, st.CreateCustomers(ctx, []*customer.Customer{a, b}))
	rawA, err := inner.GetCustomer(ctx, a.ID)
	require.NoError(t, err)
	rawB, err := inner.GetCustomer(ctx, b.ID)
	require.NoError(t, err)
	hexA := strings.ReplaceAll(a.ID.String(), "-", "")
	hexB := strings.ReplaceAll(b.ID.String(), "-", "")

	t.Run("VerbatimIntoTheOtherSlot", func(t *testing.T) {
		// A's ciphertext, unchanged, under B's attribute key.
		rewriteRaw(t, inner, rawB, func(r *customer.Customer) {
			for k := range ownChunks(*r) {
				delete(r.Attributes, k)
			}
			for k, v := range ownChunks(rawA) {
				r.Attributes[strings.Replace(k, hexA, hexB, 1)] = v
			}
		})
		_, err := st.GetCustomer(ctx, b.ID)
		require.ErrorIs(t, err, encrypted.ErrAuthentication)
		assert.Contains(t, err.Error(), a.ID.String(), "the error names the profile the ciphertext belongs to")
	})
	t.Run("RelabelledForTheOtherCustomer", func(t *testing.T) {
		// The header rewritten to name B: the authenticated data changes.
		rawB, err := inner.GetCustomer(ctx, b.ID)
		require.NoError(t, err)
		rewriteRaw(t, inner, rawB, func(r *customer.Customer) {
			for k := range ownChunks(*r) {
				delete(r.Attributes, k)
			}
			for k, v := range ownChunks(rawA) {
				r.Attributes[strings.Replace(k, hexA, hexB, 1)] = strings.ReplaceAll(v, hexA, hexB)
			}
		})
		_, err = st.GetCustomer(ctx, b.ID)
		require.ErrorIs(t, err, encrypted.ErrAuthentication)
		assert.Contains(t, err.Error(), `"k1"`)
	})
	t.Run("RemovedCiphertextIsNoticed", func(t *testing.T) {
		rawA, err := inner.GetCustomer(ctx, a.ID)
		require.NoError(t, err)
		rewriteRaw(t, inner, rawA, func(r *customer.Customer) {
			for k := range ownChunks(*r) {
				delete(r.Attributes, k)
			}
		})
		_, err = st.GetCustomer(ctx, a.ID)
		require.ErrorIs(t, err, encrypted.ErrNotEncrypted)
	})
}

func TestWrongOrMissingKey(t *testing.T) {
	ctx := context.Background()
	inner := memory.New()
	st := wrap(t, inner) // key "k1", secret 0x11
	c := person(33)
	require.NoError(t, st.CreateCustomer(ctx, c))

	// The same key ID with another secret: authentication fails, never garbage.
	wrong, err := encrypted.Wrap(inner, keyring(t, "k1", 0x22), nil)
	require.NoError(t, err)
	_, err = wrong.GetCustomer(ctx, c.ID)
	require.ErrorIs(t, err, encrypted.ErrAuthentication)
	assert.Contains(t, err.Error(), `key "k1"`)

	// A keyring without the key: the error names the missing key ID.
	missing, err := encrypted.Wrap(inner, keyring(t, "k2", 0x22), nil)
	require.NoError(t, err)
	_, err = missing.GetCustomerByEmail(ctx, c.Email)
	require.ErrorIs(t, err, encrypted.ErrUnknownKey)
	assert.Contains(t, err.Error(), `key "k1"`)
	_, err = missing.MergeCustomers(ctx, c.ID, person(34).ID)
	require.Error(t, err)

	// The blind-index key is part of the lookup: another index key finds nothing.
	other, err := encrypted.NewKeyring(encrypted.KeyringConfig{
		Primary: encrypted.Key{ID: "k1", Secret: secret(0x11)},
		Index:   encrypted.Key{ID: "idx", Secret: secret(0x98)},
	})
	require.NoError(t, err)
	otherIdx, err := encrypted.Wrap(inner, other, nil)
	require.NoError(t, err)
	_, err = otherIdx.GetCustomerByEmail(ctx, c.Email)
	require.ErrorIs(t, err, store.ErrNotFound)
	_, err = otherIdx.GetCustomer(ctx, c.ID)
	require.ErrorIs(t, err, encrypted.ErrInconsistent, "the token matches under no index key of the keyring")
}

func TestNewKeyringRefusesBadKeys(t *testing.T) {
	good := encrypted.Key{ID: "k1", Secret: secret(1)}
	idx := encrypted.Key{ID: "i1", Secret: secret(2)}
	for name, cfg := range map[string]encrypted.KeyringConfig{
		"short secret":    {Primary: encrypted.Key{ID: "k1", Secret: secret(1)[:16]}, Index: idx},
		"empty ID":        {Primary: encrypted.Key{Secret: secret(1)}, Index: idx},
		"colon in ID":     {Primary: encrypted.Key{ID: "k:1", Secret: secret(1)}, Index: idx},
		"ID twice":        {Primary: good, Old: []encrypted.Key{{ID: "k1", Secret: secret(3)}}, Index: idx},
		"index = primary": {Primary: good, Index: encrypted.Key{ID: "i1", Secret: secret(1)}},
		"no index key":    {Primary: good},
		"index ID twice":  {Primary: good, Index: idx, OldIndex: []encrypted.Key{idx}},
		"index = old key": {Primary: good, Old: []encrypted.Key{{ID: "k0", Secret: secret(7)}}, Index: encrypted.Key{ID: "i1", Secret: secret(7)}},
		"long ID":         {Primary: encrypted.Key{ID: strings.Repeat("k", 33), Secret: secret(1)}, Index: idx},
	} {
		_, err := encrypted.NewKeyring(cfg)
		var ke *encrypted.KeyError
		require.ErrorAs(t, err, &ke, name)
	}
	kr, err := encrypted.NewKeyring(encrypted.KeyringConfig{Primary: good, Index: idx})
	require.NoError(t, err)
	assert.Equal(t, "k1", kr.PrimaryID())
	assert.Equal(t, "i1", kr.IndexID())
	_, err = encrypted.Wrap(memory.New(), nil, nil)
	require.Error(t, err)
}

// TestMalformedStoredDataIsAnError: damaged ciphertext attributes give
// ErrMalformed, never a panic or a profile read wrongly.
func TestMalformedStoredDataIsAnError(t *testing.T) {
	ctx := context.Background()
	for name, spoil := range map[string]func(r *customer.Customer, key0 string){
		"huge chunk number": func(r *customer.Customer, key0 string) {
			r.Attributes[strings.TrimSuffix(key0, ".0")+".999999999"] = "x"
		},
		"missing chunk":    func(r *customer.Customer, key0 string) { delete(r.Attributes, key0) },
		"not a ciphertext": func(r *customer.Customer, key0 string) { r.Attributes[key0] = "garbage" },
		"unknown version":  func(r *customer.Customer, key0 string) { r.Attributes[key0] = "e9" + r.Attributes[key0][2:] },
		"bad key name":     func(r *customer.Customer, key0 string) { r.Attributes[piiPrefix+"nonsense.0"] = "x" },
	} {
		t.Run(name, func(t *testing.T) {
			inner := memory.New()
			st := wrap(t, inner)
			c := person(40)
			c.Addresses[0].Line2 = strings.Repeat("Wing C, ", 500) // two chunks at least
			require.NoError(t, st.CreateCustomer(ctx, c))
			raw, err := inner.GetCustomer(ctx, c.ID)
			require.NoError(t, err)
			chunks := ownChunks(raw)
			require.GreaterOrEqual(t, len(chunks), 2)
			var key0 string
			for k := range chunks {
				if strings.HasSuffix(k, ".0") {
					key0 = k
				}
			}
			rewriteRaw(t, inner, raw, func(r *customer.Customer) { spoil(r, key0) })
			_, err = st.GetCustomer(ctx, c.ID)
			require.ErrorIs(t, err, encrypted.ErrMalformed)
		})
	}
}
