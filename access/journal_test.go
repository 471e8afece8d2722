package access_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/crmkit/crmkit/access"
	"github.com/crmkit/crmkit/audit"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/privacy"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/crmkit/crmkit/store/sqlite"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWritesAreAttributedToThePrincipal: every write through the wrapper is
// journaled under the principal's ID, whatever actor the caller set.
func TestWritesAreAttributedToThePrincipal(t *testing.T) {
	inner := memory.New()
	g := access.Wrap(inner, nil)
	ctx := store.WithActor(as(access.RoleService), "someone-else")
	c := personal()
	require.NoError(t, g.CreateCustomer(ctx, c))
	o := newOrder(c.ID)
	require.NoError(t, g.CreateOrder(ctx, o))
	require.NoError(t, g.AppendEvents(ctx, nil))
	_, err := store.Load(ctx, g, store.Batch{}, store.ConflictFail)
	require.NoError(t, err)
	_, err = store.Load(ctx, g, store.Batch{Customers: []customer.Customer{*personal()}}, store.ConflictFail)
	require.NoError(t, err)
	var actors []string
	for ch, err := range inner.Changes(context.Background(), store.ChangeFilter{}) {
		require.NoError(t, err)
		actors = append(actors, ch.Actor)
	}
	assert.Equal(t, []string{"p-service", "p-service", "p-service"}, actors)
}

// TestJournalIsForAdmins: the default policy lets admins read the journal
// and nobody else.
func TestJournalIsForAdmins(t *testing.T) {
	inner := memory.New()
	seed(t, inner)
	g := access.Wrap(inner, nil)
	j := g.(store.Journal)
	for _, role := range access.Roles {
		rep, err := audit.Verify(as(role), j, nil)
		if role == access.RoleAdmin {
			require.NoError(t, err)
			assert.True(t, rep.OK)
			assert.Positive(t, rep.Verified)
			continue
		}
		assert.ErrorIs(t, err, access.ErrForbidden, role)
	}
}

// TestAuditRecordsWithoutPII: a principal that may export customers but not
// read personal data gets the audit records without their payloads.
func TestAuditRecordsWithoutPII(t *testing.T) {
	pol, err := access.NewPolicy(map[access.Role][]access.Permission{
		"exporter": {custExport},
		"dpo":      {custExport, piiRead},
	})
	require.NoError(t, err)
	inner := memory.New()
	s := seed(t, inner)
	g := access.Wrap(inner, pol).(privacy.AuditExporter)
	masked, err := g.AuditRecords(as("exporter"), s.ada.ID)
	require.NoError(t, err)
	full, err := g.AuditRecords(as("dpo"), s.ada.ID)
	require.NoError(t, err)
	require.NotEmpty(t, full)
	require.Len(t, masked, len(full))
	for i := range full {
		var m, f map[string]any
		require.NoError(t, json.Unmarshal(masked[i], &m))
		require.NoError(t, json.Unmarshal(full[i], &f))
		assert.NotContains(t, m, "after_data")
		assert.NotContains(t, m, "before_data")
		assert.NotContains(t, string(masked[i]), s.ada.Email)
		assert.Equal(t, f["hash"], m["hash"], "the digests stay")
	}
	assert.Contains(t, string(full[0]), s.ada.Email, "control: the unmasked record holds the e-mail")
}

// TestEraseThroughTheWrapper: privacy.Erase through the wrapper, as an
// admin, scrubs the audit payloads and compacts the SQLite file, so the
// customer's e-mail is nowhere in it; the chain still verifies.
func TestEraseThroughTheWrapper(t *testing.T) {
	path := filepath.Join(t.TempDir(), "erase.db")
	inner, err := sqlite.Open(path, nil)
	require.NoError(t, err)
	defer inner.Close()
	s := seed(t, inner)
	g := access.Wrap(inner, nil)
	ctx := as(access.RoleAdmin)
	head, err := audit.Head(ctx, g.(store.Journal))
	require.NoError(t, err)
	require.True(t, inFile(t, path, s.ada.Email), "control: the e-mail is in the file before erasure")

	rc, err := privacy.Erase(ctx, g, s.ada.ID, nil)
	require.NoError(t, err)
	assert.Positive(t, rc.AuditRecordsScrubbed)
	assert.True(t, rc.Compacted)
	assert.False(t, inFile(t, path, s.ada.Email), "the e-mail is still in the database file")
	rep, err := audit.Verify(ctx, g.(store.Journal), &audit.VerifyOptions{Anchor: head})
	require.NoError(t, err)
	assert.True(t, rep.OK, "%+v", rep)

	// Support may not erase: the audit step is refused.
	_, err = privacy.Erase(as(access.RoleSupport), g, s.bob.ID, nil)
	assert.ErrorIs(t, err, access.ErrForbidden)
}

func inFile(t *testing.T, path, s string) bool {
	t.Helper()
	for _, f := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(s)) {
			return true
		}
	}
	return false
}

// TestRefusedEraseChangesNothing: a principal without customers erase is
// refused before the first step, so not even the return reasons (which
// support may otherwise write) are blanked, and the journal is unchanged.
func TestRefusedEraseChangesNothing(t *testing.T) {
	inner := memory.New()
	s := seed(t, inner)
	g := access.Wrap(inner, nil)
	head, err := audit.Head(as(access.RoleAdmin), g.(store.Journal))
	require.NoError(t, err)

	_, err = privacy.Erase(as(access.RoleSupport), g, s.ada.ID, nil)
	require.ErrorIs(t, err, access.ErrForbidden)

	r, err := inner.GetReturn(context.Background(), s.ret.ID)
	require.NoError(t, err)
	assert.Equal(t, s.ret.Reason, r.Reason, "the return's reason was blanked by a refused erasure")
	assert.NotEmpty(t, r.Reason)
	after, err := audit.Head(as(access.RoleAdmin), g.(store.Journal))
	require.NoError(t, err)
	assert.Equal(t, head, after, "a refused erasure wrote to the journal")
	_, err = inner.GetCustomer(context.Background(), s.ada.ID)
	assert.NoError(t, err, "the profile is still there")
}
