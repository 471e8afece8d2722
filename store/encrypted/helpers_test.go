package encrypted_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/encrypted"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/crmkit/crmkit/store/postgres/pgtest"
	"github.com/crmkit/crmkit/store/sqlite"
)

// secret returns a fixed 32-byte key filled with b, so tests are repeatable.
func secret(b byte) []byte { return bytes.Repeat([]byte{b}, encrypted.KeySize) }

// keyring returns a keyring with primary key id (secret filled with p) and
// index key "idx" (secret 0x99), plus older keys.
func keyring(t testing.TB, id string, p byte, old ...encrypted.Key) *encrypted.Keyring {
	t.Helper()
	kr, err := encrypted.NewKeyring(encrypted.KeyringConfig{
		Primary: encrypted.Key{ID: id, Secret: secret(p)},
		Old:     old,
		Index:   encrypted.Key{ID: "idx", Secret: secret(0x99)},
	})
	if err != nil {
		t.Fatal(err)
	}
	return kr
}

// wrap wraps inner with a keyring under key "k1", failing the test on error.
func wrap(t testing.TB, inner store.Store) store.Store {
	t.Helper()
	st, err := encrypted.Wrap(inner, keyring(t, "k1", 0x11), nil)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// backend opens a new, empty inner store for one test.
type backend struct {
	name string
	open func(t *testing.T) store.Store
}

// backends lists the inner stores the tests run over; PostgreSQL only when
// a server is configured (see pgtest).
func backends() []backend {
	return []backend{
		{"memory", func(t *testing.T) store.Store { return memory.New() }},
		{"sqlite", func(t *testing.T) store.Store {
			st, err := sqlite.Open(filepath.Join(t.TempDir(), "crm.db"), nil)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			return st
		}},
		{"postgres", func(t *testing.T) store.Store { return pgtest.Open(t) }},
	}
}
