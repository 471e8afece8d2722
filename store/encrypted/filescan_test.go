package encrypted_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/privacy"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/sqlite"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dbBytes returns the bytes of a SQLite database file, its WAL, its
// shared-memory index and any rollback journal, one after the other.
func dbBytes(t *testing.T, path string) []byte {
	t.Helper()
	var all []byte
	for _, f := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		b, err := os.ReadFile(f)
		if os.IsNotExist(err) {
			continue
		}
		require.NoError(t, err)
		all = append(append(all, b...), 0)
	}
	return all
}

// secretsOf lists the personal values of a profile as they might appear in
// the files: as given, normalised, and as the lower-case e-mail key.
func secretsOf(c *customer.Customer) []string {
	n := c.Clone()
	n.Normalize()
	s := []string{c.Email, n.Email, customer.EmailKey(c.Email), n.Phone}
	for _, a := range c.Addresses {
		s = append(s, a.Line1)
	}
	return s
}

// writeShop writes 30 profiles through st, updates each once (so older row
// versions sit in the WAL too) and merges two of them.
func writeShop(t *testing.T, st store.Store) []*customer.Customer {
	t.Helper()
	ctx := context.Background()
	var people []*customer.Customer
	for i := range 30 {
		c := person(600 + i)
		require.NoError(t, st.CreateCustomer(ctx, c))
		people = append(people, c)
	}
	for _, c := range people {
		c.Interests = append(c.Interests, "tea")
		require.NoError(t, st.UpdateCustomer(ctx, c))
	}
	_, err := st.MergeCustomers(ctx, people[0].ID, people[1].ID)
	require.NoError(t, err)
	return people
}

// TestSQLiteFileHoldsNoPlaintext scans the bytes of a SQLite store written
// through the wrapper, before and after a checkpoint: none of the e-mails,
// phones or street lines may be there, while lookups by e-mail work. The
// same data written without the wrapper is found by the same scan, so the
// test can fail.
func TestSQLiteFileHoldsNoPlaintext(t *testing.T) {
	ctx := context.Background()

	plainPath := filepath.Join(t.TempDir(), "plain.db")
	plain, err := sqlite.Open(plainPath, nil)
	require.NoError(t, err)
	defer plain.Close()
	control := writeShop(t, plain)
	require.NoError(t, plain.Compact(ctx))
	files := dbBytes(t, plainPath)
	for _, c := range control[2:] { // the merged pair's e-mails survive only as given
		for _, s := range secretsOf(c) {
			require.True(t, bytes.Contains(files, []byte(s)), "control: %q is in the unencrypted store's file", s)
		}
	}

	path := filepath.Join(t.TempDir(), "encrypted.db")
	inner, err := sqlite.Open(path, nil)
	require.NoError(t, err)
	st := wrap(t, inner)
	defer st.Close()
	people := writeShop(t, st)

	check := func(when string) {
		t.Helper()
		files := dbBytes(t, path)
		for _, c := range people {
			for _, s := range secretsOf(c) {
				assert.False(t, bytes.Contains(files, []byte(s)), "%s: %q is in the encrypted store's files", when, s)
			}
		}
		// Names are not encrypted: they show the scan reads the right files.
		require.True(t, bytes.Contains(files, []byte(people[5].LastName)), "%s: the scan finds plaintext that is there", when)
	}
	check("before checkpoint")
	comp, ok := st.(privacy.Compacter)
	require.True(t, ok, "the wrapper forwards SQLite's Compact")
	require.NoError(t, comp.Compact(ctx)) // checkpoint, VACUUM, checkpoint
	check("after checkpoint")

	for _, c := range people[2:] {
		got, err := st.GetCustomerByEmail(ctx, customer.EmailKey(c.Email))
		require.NoError(t, err)
		assert.Equal(t, c.ID, got.ID)
		assert.Equal(t, c.Addresses, got.Addresses)
	}
	merged, err := st.GetCustomerByEmail(ctx, people[0].Email)
	require.NoError(t, err)
	assert.Equal(t, people[1].Email, merged.Attributes[customer.MergedFromPrefix+people[1].ID.String()+".email"])
}
