package storeopen

import (
	"context"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/encrypted"
)

// Options adds encryption of personal data at rest to a store opened by
// OpenWith.
type Options struct {
	// Keys, when set, wraps the store with encrypted.Wrap.
	Keys *encrypted.Keyring
	// AllowPlaintext lets the encrypting store read profiles written
	// before encryption was enabled (encrypted.Options.AllowPlaintext).
	AllowPlaintext bool
}

// OpenWith opens the store named by dsn as Open does and, when opts.Keys is
// set, wraps it so that e-mail, phone and addresses are encrypted at rest.
func OpenWith(ctx context.Context, dsn string, opts *Options) (store.Store, error) {
	st, err := Open(ctx, dsn)
	if err != nil || opts == nil || opts.Keys == nil {
		return st, err
	}
	wrapped, err := encrypted.Wrap(st, opts.Keys, &encrypted.Options{AllowPlaintext: opts.AllowPlaintext})
	if err != nil {
		st.Close()
		return nil, err
	}
	return wrapped, nil
}

// ParseKeys reads a keyring from its text form: comma-separated entries
// ROLE:ID:SECRET, where ROLE is primary, old, index or oldindex (primary
// and index exactly once, the others any number of times), ID is the key's
// ID and SECRET its 32 bytes as 64 hexadecimal digits. For example
//
//	primary:2026-11:<64 hex>,old:2026-05:<64 hex>,index:idx-1:<64 hex>
//
// Errors name the entry at fault but never echo a secret.
func ParseKeys(spec string) (*encrypted.Keyring, error) {
	var cfg encrypted.KeyringConfig
	var primary, index int
	for i, entry := range strings.Split(spec, ",") {
		entry = strings.TrimSpace(entry)
		role, rest, ok1 := strings.Cut(entry, ":")
		id, secret, ok2 := strings.Cut(rest, ":")
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("storeopen: key entry %d: want ROLE:ID:SECRET", i+1)
		}
		b, err := hex.DecodeString(secret)
		if err != nil || len(b) != encrypted.KeySize {
			return nil, fmt.Errorf("storeopen: key entry %d (%s %q): the secret must be %d bytes as %d hexadecimal digits",
				i+1, role, id, encrypted.KeySize, 2*encrypted.KeySize)
		}
		k := encrypted.Key{ID: id, Secret: b}
		switch role {
		case "primary":
			cfg.Primary = k
			primary++
		case "old":
			cfg.Old = append(cfg.Old, k)
		case "index":
			cfg.Index = k
			index++
		case "oldindex":
			cfg.OldIndex = append(cfg.OldIndex, k)
		default:
			return nil, fmt.Errorf("storeopen: key entry %d: unknown role %q (primary, old, index, oldindex)", i+1, role)
		}
	}
	if primary != 1 || index != 1 {
		return nil, fmt.Errorf("storeopen: keys: want exactly one primary and one index key, got %d and %d", primary, index)
	}
	return encrypted.NewKeyring(cfg)
}
