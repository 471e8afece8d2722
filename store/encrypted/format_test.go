package encrypted

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// The reference values below were computed with Python's cryptography
// package (AESGCM) and hmac/hashlib, independently of this code:
//
//	AESGCM(b"\x11"*32).encrypt(bytes(range(12)), plaintext, header)
//	hmac.new(b"\x02"*32, b"crmkit/email-index/v1\x00" + key, sha256).hexdigest()[:40]
const (
	refTarget     = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
	refCiphertext = "e1:k1:o:" + refTarget + ":" + refTarget + ":1:" +
		"AAECAwQFBgcICQoLaMHTfhrKWdYumrL7pe-SXqjMcARwWzFAxMKTXY0oDEASkHOWZzFC5Ua4L8-ycz6ST_MFbzFoZBjlfLbi3HblKvWYgA"
	refPlaintext = `{"email":"ada@example.com","phone":"+442079460000"}`
	refToken     = "44fe910402ffa98be65380cd92afda7639a09445@pii.invalid"
)

func refKeyring(t testing.TB) *Keyring {
	t.Helper()
	kr, err := NewKeyring(KeyringConfig{
		Primary: Key{ID: "k1", Secret: bytes.Repeat([]byte{0x11}, KeySize)},
		Index:   Key{ID: "i1", Secret: bytes.Repeat([]byte{0x02}, KeySize)},
	})
	if err != nil {
		t.Fatal(err)
	}
	return kr
}

// TestOpenReferenceCiphertext opens a ciphertext sealed by another
// implementation of AES-256-GCM with the header as additional data.
func TestOpenReferenceCiphertext(t *testing.T) {
	kr := refKeyring(t)
	target, _ := parseCompactID(refTarget)
	h, plain, err := kr.open(target, refCiphertext)
	if err != nil {
		t.Fatal(err)
	}
	if string(plain) != refPlaintext {
		t.Fatalf("plaintext %s", plain)
	}
	if h.keyID != "k1" || h.kind != kindOwn || h.target != target || h.source != target || h.stamp != 1 {
		t.Fatalf("header %+v", h)
	}
	var st state
	if err := json.Unmarshal(plain, &st); err != nil || st.Email != "ada@example.com" {
		t.Fatalf("state %+v, %v", st, err)
	}
	// Any change to the authenticated header fails.
	for _, tampered := range []string{
		strings.Replace(refCiphertext, ":1:", ":2:", 1),                                  // version stamp
		strings.Replace(refCiphertext, ":o:", ":m:", 1),                                  // kind
		strings.Replace(refCiphertext, refTarget, "0f1e2d3c4b5a69788796a5b4c3d2e1f1", 1), // bound profile
	} {
		if _, _, err := kr.open(target, tampered); !errors.Is(err, ErrAuthentication) {
			t.Errorf("tampered header: got %v", err)
		}
	}
	if _, _, err := kr.open(target, "e2"+refCiphertext[2:]); !errors.Is(err, ErrMalformed) {
		t.Errorf("unknown format version: got %v", err)
	}
}

// TestSealOpenRoundTrip: seal uses a fresh nonce every time and opens back.
func TestSealOpenRoundTrip(t *testing.T) {
	kr := refKeyring(t)
	id := uuid.New()
	h := header{kind: kindOwn, target: id, source: id, stamp: 7}
	a, err := kr.seal(h, []byte(refPlaintext))
	if err != nil {
		t.Fatal(err)
	}
	b, err := kr.seal(h, []byte(refPlaintext))
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Fatal("two seals of the same plaintext are equal: nonce reused")
	}
	got, plain, err := kr.open(id, a)
	if err != nil || string(plain) != refPlaintext || got.stamp != 7 || got.keyID != "k1" {
		t.Fatalf("open: %+v %s %v", got, plain, err)
	}
}

func TestEmailTokenReference(t *testing.T) {
	kr := refKeyring(t)
	for _, email := range []string{"ada@example.com", "  ADA@Example.COM "} {
		if got := emailToken(kr.index, email); got != refToken {
			t.Errorf("token of %q = %s, want %s", email, got, refToken)
		}
	}
	if !isToken(refToken) || isToken("ada@example.com") {
		t.Error("isToken")
	}
}

// FuzzOpen feeds arbitrary text to the ciphertext parser: it must return
// an error or the reference plaintext, never panic.
//
//	go test -run '^$' -fuzz FuzzOpen -fuzztime 30s ./store/encrypted/
func FuzzOpen(f *testing.F) {
	f.Add(refCiphertext)
	f.Add("e1:k1:o::::")
	f.Add("e1:k1:m:" + refTarget + ":" + refTarget + ":-1:AAAA")
	f.Add("")
	kr := refKeyring(f)
	target, _ := parseCompactID(refTarget)
	f.Fuzz(func(t *testing.T, text string) {
		_, plain, err := kr.open(target, text)
		if err == nil && string(plain) != refPlaintext {
			t.Fatalf("opened %q to %q", text, plain)
		}
		if err != nil && !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrUnknownKey) && !errors.Is(err, ErrAuthentication) {
			t.Fatalf("unexpected error kind: %v", err)
		}
	})
}
