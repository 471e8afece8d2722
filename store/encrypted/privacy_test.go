package encrypted_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/crmkit/crmkit/privacy"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/sqlite"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPrivacyThroughTheWrapper: a GDPR export through the wrapper shows the
// plaintext profile, and an erasure through it compacts the SQLite file
// (the forwarded Compacter) so not even the unencrypted name is left.
func TestPrivacyThroughTheWrapper(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shop.db")
	inner, err := sqlite.Open(path, nil)
	require.NoError(t, err)
	st := wrap(t, inner)
	defer st.Close()
	seed(t, st, 950, 10)
	p := person(960)
	p.LastName = "Zuse-Erasable"
	require.NoError(t, st.CreateCustomer(ctx, p))
	seed(t, st, 970, 10)

	doc, err := privacy.Export(ctx, st, p.ID)
	require.NoError(t, err)
	require.NotNil(t, doc.Profile)
	assert.Equal(t, p.Email, doc.Profile.Email)
	assert.Equal(t, p.Addresses, doc.Profile.Addresses)

	require.True(t, bytes.Contains(dbBytes(t, path), []byte(p.LastName)), "control: the name is in the files")
	rc, err := privacy.Erase(ctx, st, p.ID, nil)
	require.NoError(t, err)
	assert.True(t, rc.ProfileRemoved)
	assert.True(t, rc.Compacted)
	assert.False(t, bytes.Contains(dbBytes(t, path), []byte(p.LastName)))
	_, err = st.GetCustomerByEmail(ctx, p.Email)
	require.ErrorIs(t, err, store.ErrNotFound)
}
