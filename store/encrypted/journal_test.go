package encrypted_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/crmkit/crmkit/audit"
	"github.com/crmkit/crmkit/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestJournalThroughWrapper: the inner store's journal is forwarded, its
// chain verifies, a merge is recorded as the re-encryption of the dropped
// profile followed by the merge, and no recorded payload holds a plaintext
// e-mail, phone or street line.
func TestJournalThroughWrapper(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			st := wrap(t, b.open(t))
			j, ok := st.(store.Journal)
			require.True(t, ok, "the wrapper forwards the inner store's journal")

			keep, drop := person(1), person(2)
			require.NoError(t, st.CreateCustomer(ctx, keep))
			require.NoError(t, st.CreateCustomer(ctx, drop))
			keep.Tags = append(keep.Tags, "updated")
			require.NoError(t, st.UpdateCustomer(ctx, keep))
			_, err := st.MergeCustomers(ctx, keep.ID, drop.ID)
			require.NoError(t, err)

			var got []store.Op
			var ids []string
			for c, err := range j.Changes(ctx, store.ChangeFilter{}) {
				require.NoError(t, err)
				got = append(got, c.Op)
				ids = append(ids, c.EntityID)
				for _, secret := range []string{keep.Email, drop.Email, keep.Phone, drop.Phone, keep.Addresses[0].Line1, drop.Addresses[0].Line1} {
					assert.False(t, bytes.Contains(c.AfterData, []byte(secret)), "change %d records %q in plaintext", c.Seq, secret)
					assert.False(t, bytes.Contains(c.BeforeData, []byte(secret)), "change %d records %q in plaintext", c.Seq, secret)
				}
			}
			assert.Equal(t, []store.Op{store.OpCreate, store.OpCreate, store.OpUpdate, store.OpUpdate, store.OpMerge}, got)
			assert.Equal(t, []string{keep.ID.String(), drop.ID.String(), keep.ID.String(), drop.ID.String(), keep.ID.String()}, ids)

			rep, err := audit.Verify(ctx, j, nil)
			require.NoError(t, err)
			assert.True(t, rep.OK, "chain verifies: %+v", rep)
			assert.Equal(t, int64(5), rep.Verified)
		})
	}
}
