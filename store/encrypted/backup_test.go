package encrypted_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/crmkit/crmkit/backup"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBackupOfInnerStoreStaysEncrypted: a backup taken from the inner store
// holds only ciphertexts and tokens, and restored into another backend it
// reads again through a wrapper with the same keys.
func TestBackupOfInnerStoreStaysEncrypted(t *testing.T) {
	ctx := context.Background()
	inner := memory.New()
	st := wrap(t, inner)
	people := seed(t, st, 900, 5)
	merged, err := st.MergeCustomers(ctx, people[0].ID, people[1].ID)
	require.NoError(t, err)
	people = append(people[2:], merged)

	var file bytes.Buffer
	_, err = backup.Backup(ctx, inner, &file)
	require.NoError(t, err)
	restored := memory.New()
	_, err = backup.Restore(ctx, restored, bytes.NewReader(file.Bytes()))
	require.NoError(t, err)

	// The backup is gzip: compare the restored inner records instead.
	for _, p := range people {
		raw, err := restored.GetCustomer(ctx, p.ID)
		require.NoError(t, err)
		assert.NotContains(t, jsonOf(t, raw), p.Addresses[0].Line1)
		assert.NotContains(t, jsonOf(t, raw), p.Email)
	}
	readsAll(t, wrap(t, restored), people)
}
