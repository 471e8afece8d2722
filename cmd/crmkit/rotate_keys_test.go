package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/crmkit/crmkit/store/encrypted"
)

func hexKey(b byte) string { return strings.Repeat(fmt.Sprintf("%02x", b), 32) }

// TestRotateKeys: encryption turned on for a plaintext shop encrypts every
// profile and leaves no e-mail in the file; a rotation to a new key
// re-encrypts them all, after which the old key is no longer needed; and
// without the keys the e-mail no longer finds the customer.
func TestRotateKeys(t *testing.T) {
	db := shopCopy(t)
	truth := testShopTruth(t)
	c := truth.Customers[0]
	if c.Email == "" {
		t.Fatal("test customer has no e-mail")
	}
	t.Setenv(piiKeysEnv, "")
	wantExit(t, exitUsage, piiKeysEnv, "rotate-keys", "-db", db, "-q")

	t.Setenv(piiKeysEnv, "primary:k1:"+hexKey(0x11)+",index:i1:"+hexKey(0x99))
	var rep encrypted.RotateReport
	cliJSON(t, &rep, "rotate-keys", "-db", db, "-q", "-json")
	if rep.Scanned != len(truth.Customers) || rep.Encrypted != rep.Scanned || rep.Rewritten != rep.Scanned {
		t.Fatalf("first rotation: %+v, want all %d profiles encrypted", rep, len(truth.Customers))
	}
	for _, suffix := range []string{"", "-wal"} {
		raw, err := os.ReadFile(db + suffix)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if bytes.Contains(raw, []byte(c.Email)) {
			t.Fatalf("the e-mail %q is still in %s after encryption", c.Email, db+suffix)
		}
	}
	show := func() string {
		var v struct {
			Profile struct {
				Email string `json:"email"`
			} `json:"profile"`
		}
		if err := json.Unmarshal([]byte(cliOK(t, "customers", "show", "-db", db, "-json", c.Email)), &v); err != nil {
			t.Fatal(err)
		}
		return v.Profile.Email
	}
	if got := show(); got != c.Email {
		t.Fatalf("through the keys the profile reads e-mail %q, want %q", got, c.Email)
	}

	t.Setenv(piiKeysEnv, "primary:k2:"+hexKey(0x22)+",old:k1:"+hexKey(0x11)+",index:i1:"+hexKey(0x99))
	rep = encrypted.RotateReport{}
	cliJSON(t, &rep, "rotate-keys", "-db", db, "-q", "-json")
	if rep.Reencrypted != len(truth.Customers) || rep.Encrypted != 0 {
		t.Fatalf("second rotation: %+v, want all %d profiles re-encrypted", rep, len(truth.Customers))
	}
	t.Setenv(piiKeysEnv, "primary:k2:"+hexKey(0x22)+",index:i1:"+hexKey(0x99))
	if got := show(); got != c.Email {
		t.Fatalf("after dropping the old key the profile reads e-mail %q, want %q", got, c.Email)
	}

	t.Setenv(piiKeysEnv, "")
	wantExit(t, exitNotFound, "", "customers", "show", "-db", db, c.Email)
}

func TestParseKeysFromTheEnvironment(t *testing.T) {
	t.Setenv(piiKeysEnv, "primary:k1:"+hexKey(0x11)) // no index key
	if _, err := piiOptions(false); err == nil || !strings.Contains(err.Error(), "index") {
		t.Fatalf("a keyring without an index key: %v", err)
	}
	t.Setenv(piiKeysEnv, "primary:k1:abcd,index:i1:"+hexKey(0x99))
	_, err := piiOptions(false)
	if err == nil || strings.Contains(err.Error(), "abcd") {
		t.Fatalf("a short secret: %v (must fail without echoing the secret)", err)
	}
}
