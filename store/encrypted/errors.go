package encrypted

import (
	"errors"
	"fmt"
)

// Sentinel errors; the errors returned wrap them with the customer and key
// at issue, so compare with errors.Is.
var (
	// ErrUnknownKey: a ciphertext names a key ID the keyring does not hold.
	ErrUnknownKey = errors.New("encrypted: key not in the keyring")
	// ErrAuthentication: a ciphertext failed AES-GCM authentication — it was
	// altered, moved from another profile, or the keyring holds a different
	// secret under the key ID it names.
	ErrAuthentication = errors.New("encrypted: ciphertext failed authentication")
	// ErrMalformed: stored encrypted data cannot be parsed (a missing chunk,
	// a bad header, an unknown format version).
	ErrMalformed = errors.New("encrypted: malformed encrypted data")
	// ErrInconsistent: a profile's blind-index token or phone marker does not
	// match its encrypted fields, as when ciphertexts were removed or
	// swapped in the database.
	ErrInconsistent = errors.New("encrypted: profile's index and ciphertexts disagree")
	// ErrNotEncrypted: a profile holds no ciphertext at all — it was
	// written before encryption was enabled (read it with
	// Options.AllowPlaintext), or its ciphertexts were removed.
	ErrNotEncrypted = errors.New("encrypted: profile is not encrypted")
	// ErrNotEncryptingStore: Rotate was given a store that Wrap did not make.
	ErrNotEncryptingStore = errors.New("encrypted: not a store made by encrypted.Wrap")
)

// KeyError reports a key that NewKeyring refuses.
type KeyError struct {
	Role   string // "primary", "old[0]", "index", "old index[1]"
	ID     string
	Reason string
}

// Error names the key's role, its ID and the rule it breaks.
func (e *KeyError) Error() string {
	return fmt.Sprintf("encrypted: %s key %q: %s", e.Role, e.ID, e.Reason)
}
