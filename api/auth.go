package api

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"

	"github.com/crmkit/crmkit/access"
)

// APIKey maps a secret key to the principal whose roles its requests get.
// Only the key's SHA-256 hash is held (HashKey), so a leaked configuration
// does not leak the keys.
type APIKey struct {
	// Hash is HashKey of the secret.
	Hash [sha256.Size]byte
	// Principal is who requests with this key act as; its ID is recorded as
	// the actor of every write (store.WithActor).
	Principal access.Principal
}

// HashKey returns the SHA-256 hash of a secret API key, the form APIKey holds.
func HashKey(secret string) [sha256.Size]byte { return sha256.Sum256([]byte(secret)) }

// NewKey returns a fresh random secret (32 bytes from crypto/rand, base64url)
// to hand to a client; store only HashKey of it.
func NewKey() (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return "crm_" + base64.RawURLEncoding.EncodeToString(b[:]), nil
}

// Authenticator identifies the principal behind a request (from a session
// cookie, a JWT, mTLS ...). It returns an error when the request carries no
// valid credentials; the API answers 401 then.
type Authenticator func(*http.Request) (access.Principal, error)

// errNoCredentials: the request presented no API key.
var errNoCredentials = errors.New("api: no credentials")

// presentedKey returns the key from "Authorization: Bearer K" or "X-API-Key: K".
func presentedKey(r *http.Request) string {
	if auth := r.Header.Get("Authorization"); auth != "" {
		scheme, key, ok := strings.Cut(auth, " ")
		if ok && strings.EqualFold(scheme, "Bearer") {
			return strings.TrimSpace(key)
		}
		return ""
	}
	return strings.TrimSpace(r.Header.Get("X-API-Key"))
}

// keyAuthenticator checks the presented key against every configured hash
// with a constant-time comparison, never stopping early, so the time taken
// says nothing about which key (if any) matched.
func keyAuthenticator(keys []APIKey) Authenticator {
	keys = append([]APIKey(nil), keys...)
	return func(r *http.Request) (access.Principal, error) {
		key := presentedKey(r)
		if key == "" {
			return access.Principal{}, errNoCredentials
		}
		sum := HashKey(key)
		match := -1
		for i := range keys {
			if subtle.ConstantTimeCompare(sum[:], keys[i].Hash[:]) == 1 {
				match = i
			}
		}
		if match < 0 {
			return access.Principal{}, errors.New("api: unknown API key")
		}
		return keys[match].Principal, nil
	}
}
