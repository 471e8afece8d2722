package encrypted

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"strings"

	"github.com/crmkit/crmkit/customer"
)

// tokenDomain ends every blind-index token. The .invalid top-level domain is
// reserved (RFC 2606), so a token can never reach a real mailbox, yet it
// passes customer validation like any address.
const tokenDomain = "@pii.invalid"

// tokenBytes is how much of the HMAC-SHA256 a token keeps: 160 bits, far
// beyond any chance collision among a shop's customers.
const tokenBytes = 20

// phoneMarker stands in for an encrypted phone number in the inner store.
// It is the same for every profile, so it says only that a phone exists;
// a profile needs an e-mail, a phone or an external ID to be valid, and the
// marker keeps that rule true in the inner store.
const phoneMarker = "000000"

// indexDomain separates the blind index from any other use of its key.
const indexDomain = "crmkit/email-index/v1\x00"

// emailToken returns the blind-index token of an e-mail under key: the
// hex HMAC-SHA256 of customer.EmailKey(email), as a lower-case address
// "<40 hex digits>@pii.invalid". Equal e-mail keys give equal tokens, so the
// inner store's lookup and uniqueness by e-mail keep working on tokens.
func emailToken(key Key, email string) string {
	var m hash.Hash
	if key.mac != nil {
		if c, err := key.mac.Clone(); err == nil {
			m = c
		}
	}
	if m == nil {
		m = newIndexMAC(key.Secret)
	}
	m.Write([]byte(customer.EmailKey(email)))
	sum := m.Sum(nil)
	return hex.EncodeToString(sum[:tokenBytes]) + tokenDomain
}

// newIndexMAC returns the HMAC of the blind index with the domain already
// written, the state every token starts from.
func newIndexMAC(secret []byte) hash.Hash {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(indexDomain))
	return m
}

// isToken reports whether an inner e-mail is a blind-index token.
func isToken(email string) bool {
	return len(email) == 2*tokenBytes+len(tokenDomain) && strings.HasSuffix(email, tokenDomain)
}

// tokenKey returns the index key under which token was made from email, or
// false when none of the keyring's index keys gives it.
func (kr *Keyring) tokenKey(email, token string) (Key, bool) {
	for _, k := range kr.indexKeys() {
		if hmac.Equal([]byte(emailToken(k, email)), []byte(token)) {
			return k, true
		}
	}
	return Key{}, false
}
