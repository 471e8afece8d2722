package encrypted_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/encrypted"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/crmkit/crmkit/store/sqlite"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// seed writes n full profiles through st and returns them as stored.
func seed(t *testing.T, st store.Store, from, n int) []customer.Customer {
	t.Helper()
	var out []customer.Customer
	for i := range n {
		c := person(from + i)
		require.NoError(t, st.CreateCustomer(context.Background(), c))
		out = append(out, *c)
	}
	return out
}

// readsAll checks that every profile reads back through st by ID and by e-mail.
func readsAll(t *testing.T, st store.Store, want []customer.Customer) {
	t.Helper()
	ctx := context.Background()
	for _, w := range want {
		got, err := st.GetCustomer(ctx, w.ID)
		require.NoError(t, err)
		assert.Equal(t, w.Email, got.Email)
		assert.Equal(t, w.Phone, got.Phone)
		assert.Equal(t, w.Addresses, got.Addresses)
		byEmail, err := st.GetCustomerByEmail(ctx, w.Email)
		require.NoError(t, err)
		assert.Equal(t, w.ID, byEmail.ID)
	}
}

// keyIDs returns the key IDs named by the ciphertexts in the inner store.
func keyIDs(t *testing.T, inner store.Store) map[string]int {
	t.Helper()
	ids := map[string]int{}
	for c, err := range inner.Customers(context.Background(), store.CustomerFilter{}) {
		require.NoError(t, err)
		for k, v := range c.Attributes {
			if strings.HasPrefix(k, piiPrefix) && strings.HasSuffix(k, ".0") {
				ids[strings.Split(v, ":")[1]]++
			}
		}
	}
	return ids
}

// TestRotateToNewKey writes under key A, rotates to B, drops A from the
// keyring, and reads everything; on SQLite so the rewrite goes through SQL.
func TestRotateToNewKey(t *testing.T) {
	ctx := context.Background()
	inner, err := sqlite.Open(filepath.Join(t.TempDir(), "rotate.db"), nil)
	require.NoError(t, err)
	defer inner.Close()
	underA, err := encrypted.Wrap(inner, keyring(t, "A", 0xa1), nil)
	require.NoError(t, err)
	people := seed(t, underA, 100, 25)
	// A merge leaves a merged-in state for Rotate to fold.
	merged, err := underA.MergeCustomers(ctx, people[0].ID, people[24].ID)
	require.NoError(t, err)
	people = people[:24]
	people[0] = merged

	keyA := encrypted.Key{ID: "A", Secret: secret(0xa1)}
	both, err := encrypted.Wrap(inner, keyring(t, "B", 0xb2, keyA), nil)
	require.NoError(t, err)
	readsAll(t, both, people) // old ciphertexts read before rotation

	// One new write lands under B already; Rotate leaves it alone.
	fresh := seed(t, both, 200, 1)
	var progress []encrypted.RotateReport
	rep, err := encrypted.Rotate(ctx, both, &encrypted.RotateOptions{PageSize: 10, Progress: func(r encrypted.RotateReport) { progress = append(progress, r) }})
	require.NoError(t, err)
	assert.Equal(t, 25, rep.Scanned)
	assert.Equal(t, 24, rep.Reencrypted)
	assert.Equal(t, 24, rep.Rewritten)
	assert.Equal(t, 1, rep.Current)
	assert.Equal(t, 1, rep.Compacted, "the merged profile's states were folded")
	assert.Zero(t, rep.Reindexed)
	assert.Len(t, progress, 3, "pages of 10, 10 and 5")
	assert.Equal(t, map[string]int{"B": 25}, keyIDs(t, inner))

	onlyB, err := encrypted.Wrap(inner, keyring(t, "B", 0xb2), nil)
	require.NoError(t, err)
	readsAll(t, onlyB, append(people, fresh...))
	got, err := onlyB.GetCustomer(ctx, people[0].ID)
	require.NoError(t, err)
	assert.Equal(t, merged.Version+1, got.Version, "a rotated profile's version goes up by one")
	got.Version = merged.Version
	assertSameProfile(t, merged, got, "the merged profile survives rotation")

	again, err := encrypted.Rotate(ctx, onlyB, nil)
	require.NoError(t, err)
	assert.Equal(t, encrypted.RotateReport{Scanned: 25, Current: 25, Cursor: again.Cursor}, again, "a second run finds nothing to do")

	_, err = encrypted.Rotate(ctx, inner, nil)
	require.ErrorIs(t, err, encrypted.ErrNotEncryptingStore)
}

// TestRotateResumes stops a run part-way (cancelled context) and finishes it
// from the report's cursor and, equally, from the start.
func TestRotateResumes(t *testing.T) {
	inner := memory.New()
	underA, err := encrypted.Wrap(inner, keyring(t, "A", 0xa1), nil)
	require.NoError(t, err)
	people := seed(t, underA, 300, 12)
	both, err := encrypted.Wrap(inner, keyring(t, "B", 0xb2, encrypted.Key{ID: "A", Secret: secret(0xa1)}), nil)
	require.NoError(t, err)

	ctx, cancel := context.WithCancel(context.Background())
	first, err := encrypted.Rotate(ctx, both, &encrypted.RotateOptions{PageSize: 5, Progress: func(encrypted.RotateReport) { cancel() }})
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 5, first.Reencrypted, "one page done before the cancellation was seen")
	assert.Equal(t, map[string]int{"A": 7, "B": 5}, keyIDs(t, inner))

	rest, err := encrypted.Rotate(context.Background(), both, &encrypted.RotateOptions{After: first.Cursor})
	require.NoError(t, err)
	assert.Equal(t, 7, rest.Scanned)
	assert.Equal(t, 7, rest.Reencrypted)
	assert.Equal(t, map[string]int{"B": 12}, keyIDs(t, inner))

	onlyB, err := encrypted.Wrap(inner, keyring(t, "B", 0xb2), nil)
	require.NoError(t, err)
	readsAll(t, onlyB, people)
}

// TestRotateIndexKey changes the blind-index key: lookups and uniqueness
// keep working through the old index key until Rotate re-indexed everyone.
func TestRotateIndexKey(t *testing.T) {
	ctx := context.Background()
	inner := memory.New()
	old := wrap(t, inner) // index key "idx", secret 0x99
	people := seed(t, old, 400, 6)

	kr, err := encrypted.NewKeyring(encrypted.KeyringConfig{
		Primary:  encrypted.Key{ID: "k1", Secret: secret(0x11)},
		Index:    encrypted.Key{ID: "idx2", Secret: secret(0x77)},
		OldIndex: []encrypted.Key{{ID: "idx", Secret: secret(0x99)}},
	})
	require.NoError(t, err)
	st, err := encrypted.Wrap(inner, kr, nil)
	require.NoError(t, err)
	readsAll(t, st, people)
	dup := person(400)
	dup.ID = person(999).ID
	dup.ExternalID = "other"
	require.ErrorIs(t, st.CreateCustomer(ctx, dup), store.ErrConflict, "an e-mail held under the old index key is taken")
	byFilter := 0
	for c, err := range st.Customers(ctx, store.CustomerFilter{Email: people[2].Email}) {
		require.NoError(t, err)
		assert.Equal(t, people[2].ID, c.ID)
		byFilter++
	}
	assert.Equal(t, 1, byFilter)

	rep, err := encrypted.Rotate(ctx, st, nil)
	require.NoError(t, err)
	assert.Equal(t, 6, rep.Reindexed)
	assert.Zero(t, rep.Reencrypted)
	assert.Empty(t, rep.Conflicts)

	newOnly, err := encrypted.NewKeyring(encrypted.KeyringConfig{
		Primary: encrypted.Key{ID: "k1", Secret: secret(0x11)},
		Index:   encrypted.Key{ID: "idx2", Secret: secret(0x77)},
	})
	require.NoError(t, err)
	st2, err := encrypted.Wrap(inner, newOnly, nil)
	require.NoError(t, err)
	readsAll(t, st2, people)
	require.ErrorIs(t, st2.CreateCustomer(ctx, dup), store.ErrConflict, "uniqueness holds under the new index key")
}

// TestEncryptExistingPlaintextStore enables encryption on a store that
// already holds plaintext profiles.
func TestEncryptExistingPlaintextStore(t *testing.T) {
	ctx := context.Background()
	inner := memory.New()
	people := seed(t, inner, 500, 4)

	strict := wrap(t, inner)
	_, err := strict.GetCustomer(ctx, people[0].ID)
	require.ErrorIs(t, err, encrypted.ErrNotEncrypted)

	lenient, err := encrypted.Wrap(inner, keyring(t, "k1", 0x11), &encrypted.Options{AllowPlaintext: true})
	require.NoError(t, err)
	readsAll(t, lenient, people)
	dup := person(500)
	dup.ID, dup.ExternalID = person(998).ID, "other"
	require.ErrorIs(t, lenient.CreateCustomer(ctx, dup), store.ErrConflict, "a plaintext profile's e-mail is taken")

	// A merge of two plaintext profiles encrypts the kept one first.
	merged, err := lenient.MergeCustomers(ctx, people[3].ID, people[2].ID)
	require.NoError(t, err)
	assert.Equal(t, int64(3), merged.Version, "one version to encrypt, one to merge")
	assert.Equal(t, people[2].Email, merged.Attributes[customer.MergedFromPrefix+people[2].ID.String()+".email"])
	assert.Len(t, merged.Addresses, 4)
	people = []customer.Customer{people[0], people[1], merged}

	rep, err := encrypted.Rotate(ctx, lenient, nil)
	require.NoError(t, err)
	assert.Equal(t, 2, rep.Encrypted)
	assert.Equal(t, 1, rep.Compacted)
	assert.Equal(t, 3, rep.Scanned)
	readsAll(t, strict, people)
	raw, err := inner.GetCustomer(ctx, people[1].ID)
	require.NoError(t, err)
	assert.NotContains(t, jsonOf(t, raw), "Cobol Court")
}

// TestBulkLoadDuringReindex: a bulk load sees e-mails still indexed under
// the older index key as taken.
func TestBulkLoadDuringReindex(t *testing.T) {
	ctx := context.Background()
	inner := memory.New()
	people := seed(t, wrap(t, inner), 450, 2)
	kr, err := encrypted.NewKeyring(encrypted.KeyringConfig{
		Primary:  encrypted.Key{ID: "k1", Secret: secret(0x11)},
		Index:    encrypted.Key{ID: "idx2", Secret: secret(0x77)},
		OldIndex: []encrypted.Key{{ID: "idx", Secret: secret(0x99)}},
	})
	require.NoError(t, err)
	st, err := encrypted.Wrap(inner, kr, nil)
	require.NoError(t, err)
	dup := *person(450)
	dup.ID, dup.ExternalID = person(997).ID, "other"
	fresh := *person(452)
	batch := store.Batch{Customers: []customer.Customer{dup, fresh}}
	_, err = store.Load(ctx, st, batch, store.ConflictFail)
	require.ErrorIs(t, err, store.ErrConflict)
	res, err := store.Load(ctx, st, batch, store.ConflictSkip)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Customers)
	assert.Equal(t, 1, res.Skipped)
	got, err := st.GetCustomerByEmail(ctx, dup.Email)
	require.NoError(t, err)
	assert.Equal(t, people[0].ID, got.ID)
}
