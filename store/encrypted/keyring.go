package encrypted

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"fmt"
	"hash"
)

// KeySize is the length of every key: AES-256 for encryption, and the same
// length for the blind-index HMAC-SHA256 key.
const KeySize = 32

// maxKeyIDLen bounds a key ID, which travels in every ciphertext header.
const maxKeyIDLen = 32

// Key is a host-supplied secret with the ID under which ciphertexts name it.
// An ID is 1 to 32 characters from A-Z, a-z, 0-9, '-' and '_', and should
// never be reused for a different secret: a ciphertext is opened with the key
// its header names.
type Key struct {
	ID     string
	Secret []byte // exactly KeySize bytes
	// mac, for index keys in a Keyring, is the HMAC state after the
	// domain prefix; tokens start from clones of it. It is only read.
	mac hash.Cloner
}

// KeyringConfig lists the keys of a Keyring.
type KeyringConfig struct {
	// Primary encrypts every new write.
	Primary Key
	// Old keys only decrypt: profiles written under them stay readable
	// until Rotate has re-encrypted them under Primary.
	Old []Key
	// Index keys the blind index of e-mail addresses. It must differ from
	// every encryption key.
	Index Key
	// OldIndex keys are tried, after Index, by lookups and uniqueness checks
	// until Rotate has re-indexed every profile under Index.
	OldIndex []Key
}

// Keyring holds the keys of an encrypting store. It is immutable once made,
// so it is safe for concurrent use; to rotate, make a new Keyring and wrap
// the inner store again.
type Keyring struct {
	primary  string
	secrets  map[string][]byte      // encryption secrets by key ID, to tell them from the index key
	aead     map[string]cipher.AEAD // AES-256-GCM by key ID; safe for concurrent use
	index    Key
	oldIndex []Key
}

// NewKeyring checks the keys and returns the keyring. Errors: *KeyError
// naming the key at fault (a bad ID, a secret of the wrong length, an ID used
// twice, an index key equal to an encryption key).
func NewKeyring(cfg KeyringConfig) (*Keyring, error) {
	kr := &Keyring{secrets: map[string][]byte{}, aead: map[string]cipher.AEAD{}}
	for i, k := range append([]Key{cfg.Primary}, cfg.Old...) {
		role := "primary"
		if i > 0 {
			role = fmt.Sprintf("old[%d]", i-1)
		}
		if err := checkKey(role, k); err != nil {
			return nil, err
		}
		if _, dup := kr.aead[k.ID]; dup {
			return nil, &KeyError{Role: role, ID: k.ID, Reason: "key ID used twice"}
		}
		block, err := aes.NewCipher(k.Secret)
		if err != nil {
			return nil, &KeyError{Role: role, ID: k.ID, Reason: err.Error()}
		}
		gcm, err := cipher.NewGCM(block) // 96-bit nonces, 128-bit tags
		if err != nil {
			return nil, &KeyError{Role: role, ID: k.ID, Reason: err.Error()}
		}
		kr.aead[k.ID] = gcm
		kr.secrets[k.ID] = k.Secret
	}
	kr.primary = cfg.Primary.ID
	seen := map[string]bool{}
	for i, k := range append([]Key{cfg.Index}, cfg.OldIndex...) {
		role := "index"
		if i > 0 {
			role = fmt.Sprintf("old index[%d]", i-1)
		}
		if err := checkKey(role, k); err != nil {
			return nil, err
		}
		if seen[k.ID] {
			return nil, &KeyError{Role: role, ID: k.ID, Reason: "key ID used twice"}
		}
		seen[k.ID] = true
		for id, s := range kr.secrets {
			if bytes.Equal(s, k.Secret) {
				return nil, &KeyError{Role: role, ID: k.ID, Reason: fmt.Sprintf("same secret as encryption key %q; the blind index needs a key of its own", id)}
			}
		}
		k.Secret = bytes.Clone(k.Secret)
		if c, ok := newIndexMAC(k.Secret).(hash.Cloner); ok {
			k.mac = c
		}
		if i == 0 {
			kr.index = k
		} else {
			kr.oldIndex = append(kr.oldIndex, k)
		}
	}
	kr.secrets = nil // only needed to refuse an index key equal to an encryption key
	return kr, nil
}

// PrimaryID returns the ID of the key that encrypts new writes.
func (kr *Keyring) PrimaryID() string { return kr.primary }

// IndexID returns the ID of the blind-index key.
func (kr *Keyring) IndexID() string { return kr.index.ID }

// indexKeys returns the blind-index keys, current first.
func (kr *Keyring) indexKeys() []Key { return append([]Key{kr.index}, kr.oldIndex...) }

func checkKey(role string, k Key) error {
	if k.ID == "" || len(k.ID) > maxKeyIDLen {
		return &KeyError{Role: role, ID: k.ID, Reason: fmt.Sprintf("a key ID must be 1 to %d characters", maxKeyIDLen)}
	}
	for _, r := range k.ID {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return &KeyError{Role: role, ID: k.ID, Reason: "a key ID may hold only letters, digits, '-' and '_'"}
		}
	}
	if len(k.Secret) != KeySize {
		return &KeyError{Role: role, ID: k.ID, Reason: fmt.Sprintf("the secret is %d bytes, want %d", len(k.Secret), KeySize)}
	}
	return nil
}
