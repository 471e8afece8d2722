package encrypted

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/uuid"
)

// formatV1 starts every ciphertext of this format version.
const formatV1 = "e1"

// Blob kinds: a profile's own state, or the state of a profile merged into it.
const (
	kindOwn   = 'o'
	kindMerge = 'm'
)

// header is the clear part of a ciphertext. All of it is the AES-GCM
// additional authenticated data, so none of it can be changed — in
// particular not the customer ID it is bound to — without the ciphertext
// failing authentication.
type header struct {
	keyID  string
	kind   byte
	target uuid.UUID // the profile the state belongs to now
	source uuid.UUID // the profile it came from: target for kindOwn, the dropped one for kindMerge
	stamp  int64     // the profile's Version once this state was written
}

// String returns the header as it precedes the sealed bytes:
// "e1:<key ID>:<kind>:<target>:<source>:<stamp>:".
func (h header) String() string {
	var b strings.Builder
	b.Grow(2 + 1 + len(h.keyID) + 3 + 2*33 + 21)
	b.WriteString(formatV1)
	b.WriteByte(':')
	b.WriteString(h.keyID)
	b.WriteByte(':')
	b.WriteByte(h.kind)
	b.WriteByte(':')
	b.WriteString(compactID(h.target))
	b.WriteByte(':')
	b.WriteString(compactID(h.source))
	b.WriteByte(':')
	b.WriteString(strconv.FormatInt(h.stamp, 10))
	b.WriteByte(':')
	return b.String()
}

// compactID writes a UUID as 32 hex digits, to keep attribute keys short.
func compactID(id uuid.UUID) string { return hex.EncodeToString(id[:]) }

func parseCompactID(s string) (uuid.UUID, bool) {
	var id uuid.UUID
	if len(s) != 32 {
		return id, false
	}
	if _, err := hex.Decode(id[:], []byte(s)); err != nil {
		return id, false
	}
	return id, true
}

// seal encrypts plaintext under the keyring's primary key with a fresh
// random 96-bit nonce and returns header, nonce and ciphertext as text.
func (kr *Keyring) seal(h header, plaintext []byte) (string, error) {
	h.keyID = kr.primary
	aead := kr.aead[kr.primary]
	ad := h.String()
	buf := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plaintext)+aead.Overhead())
	if _, err := rand.Read(buf); err != nil {
		return "", fmt.Errorf("encrypted: nonce: %w", err)
	}
	buf = aead.Seal(buf, buf, plaintext, []byte(ad))
	return ad + base64.RawURLEncoding.EncodeToString(buf), nil
}

// open parses and decrypts a ciphertext written by seal. owner names the
// profile in errors. Errors: ErrMalformed, ErrUnknownKey, ErrAuthentication.
func (kr *Keyring) open(owner uuid.UUID, text string) (header, []byte, error) {
	h, body, err := parseHeader(text)
	if err != nil {
		return h, nil, fmt.Errorf("%w: customer %s: %v", ErrMalformed, owner, err)
	}
	aead, ok := kr.aead[h.keyID]
	if !ok {
		return h, nil, fmt.Errorf("%w: customer %s is encrypted under key %q, which the keyring does not hold", ErrUnknownKey, owner, h.keyID)
	}
	raw, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil || len(raw) < aead.NonceSize()+aead.Overhead() {
		return h, nil, fmt.Errorf("%w: customer %s: ciphertext under key %q is not valid base64 of nonce and sealed data", ErrMalformed, owner, h.keyID)
	}
	ad := text[:len(text)-len(body)]
	nonce, sealed := raw[:aead.NonceSize()], raw[aead.NonceSize():]
	plain, err := aead.Open(nil, nonce, sealed, []byte(ad))
	if err != nil {
		return h, nil, fmt.Errorf("%w: customer %s: ciphertext under key %q was altered, moved from another profile, or the key %q in the keyring is not the one it was written with", ErrAuthentication, owner, h.keyID, h.keyID)
	}
	return h, plain, nil
}

// parseHeader splits a ciphertext into its header and the base64 body.
func parseHeader(text string) (header, string, error) {
	var h header
	parts := strings.SplitN(text, ":", 7)
	if len(parts) != 7 {
		return h, "", fmt.Errorf("want 7 colon-separated parts, got %d", len(parts))
	}
	if parts[0] != formatV1 {
		return h, "", fmt.Errorf("unknown format version %q", parts[0])
	}
	h.keyID = parts[1]
	if len(parts[2]) != 1 || (parts[2][0] != kindOwn && parts[2][0] != kindMerge) {
		return h, "", fmt.Errorf("unknown kind %q", parts[2])
	}
	h.kind = parts[2][0]
	var ok bool
	if h.target, ok = parseCompactID(parts[3]); !ok {
		return h, "", fmt.Errorf("bad target ID %q", parts[3])
	}
	if h.source, ok = parseCompactID(parts[4]); !ok {
		return h, "", fmt.Errorf("bad source ID %q", parts[4])
	}
	stamp, err := strconv.ParseInt(parts[5], 10, 64)
	if err != nil || stamp < 0 {
		return h, "", fmt.Errorf("bad version stamp %q", parts[5])
	}
	h.stamp = stamp
	return h, parts[6], nil
}
