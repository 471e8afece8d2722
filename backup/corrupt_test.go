package backup_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/crmkit/crmkit/backup"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
)

// goodBackup returns a valid backup of the fixture.
func goodBackup(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := backup.Backup(context.Background(), seeded(t, memory.New()), &buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gunzipLines(t *testing.T, raw []byte) []string {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

func gzipLines(t *testing.T, lines []string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	io.WriteString(zw, strings.Join(lines, "\n")+"\n")
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// reseal recomputes the trailer's checksum over the record lines, so a test
// can reach the checks that come after it.
func reseal(t *testing.T, lines []string) []string {
	t.Helper()
	sum := sha256.New()
	for _, l := range lines[1 : len(lines)-1] {
		io.WriteString(sum, l+"\n")
	}
	var tr map[string]any
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &tr); err != nil {
		t.Fatal(err)
	}
	tr["sha256"] = hex.EncodeToString(sum.Sum(nil))
	b, _ := json.Marshal(tr)
	out := append([]string(nil), lines...)
	out[len(out)-1] = string(b)
	return out
}

// editLines applies edit to the uncompressed lines of good and re-gzips them.
func editLines(t *testing.T, good []byte, edit func([]string) []string) []byte {
	return gzipLines(t, edit(gunzipLines(t, good)))
}

func TestRestoreRejectsDamagedBackups(t *testing.T) {
	good := goodBackup(t)
	cases := []struct {
		name string
		file func(t *testing.T) []byte
		want error
		msg  string // a piece of the error message
	}{
		{"empty input", func(t *testing.T) []byte { return nil }, backup.ErrCorrupt, "gzip"},
		{"not gzip", func(t *testing.T) []byte { return []byte("{\"kind\":\"header\"}\n") }, backup.ErrCorrupt, "gzip"},
		{"cut to 20 bytes", func(t *testing.T) []byte { return good[:20] }, backup.ErrCorrupt, "truncated"},
		{"cut in half", func(t *testing.T) []byte { return good[:len(good)/2] }, backup.ErrCorrupt, ""},
		{"gzip footer missing", func(t *testing.T) []byte { return good[:len(good)-8] }, backup.ErrCorrupt, ""},
		{"last byte missing", func(t *testing.T) []byte { return good[:len(good)-1] }, backup.ErrCorrupt, ""},
		{"flipped compressed byte", func(t *testing.T) []byte {
			bad := bytes.Clone(good)
			bad[len(bad)/2] ^= 0x40
			return bad
		}, backup.ErrCorrupt, ""},
		{"flipped record byte", func(t *testing.T) []byte {
			return editLines(t, good, func(l []string) []string {
				l[1] = mustReplace(t, l[1], `"price":"3.5"`, `"price":"3.6"`)
				return l
			})
		}, backup.ErrCorrupt, "checksum mismatch"},
		{"wrong checksum", func(t *testing.T) []byte {
			return editLines(t, good, func(l []string) []string {
				l[len(l)-1] = mustReplace(t, l[len(l)-1], `"sha256":"`, `"sha256":"00`)
				return l
			})
		}, backup.ErrCorrupt, "checksum mismatch"},
		{"unknown version", func(t *testing.T) []byte {
			return editLines(t, good, func(l []string) []string {
				l[0] = mustReplace(t, l[0], `"version":1`, `"version":2`)
				return l
			})
		}, backup.ErrVersion, "version 2"},
		{"foreign format", func(t *testing.T) []byte {
			return editLines(t, good, func(l []string) []string {
				l[0] = mustReplace(t, l[0], backup.FormatName, "other-tool")
				return l
			})
		}, backup.ErrCorrupt, "other-tool"},
		{"header counts wrong", func(t *testing.T) []byte {
			return editLines(t, good, func(l []string) []string {
				l[0] = mustReplace(t, l[0], `"customers":4`, `"customers":5`)
				return l
			})
		}, backup.ErrCorrupt, "header counts"},
		{"record line dropped", func(t *testing.T) []byte {
			return editLines(t, good, func(l []string) []string {
				return reseal(t, append(l[:3:3], l[4:]...))
			})
		}, backup.ErrCorrupt, "counts"},
		{"trailer missing", func(t *testing.T) []byte {
			return editLines(t, good, func(l []string) []string { return l[:len(l)-1] })
		}, backup.ErrCorrupt, "before its trailer"},
		{"record does not decode", func(t *testing.T) []byte {
			return editLines(t, good, func(l []string) []string {
				l[2] = mustReplace(t, l[2], `"active":true`, `"active":"yes"`)
				return reseal(t, l)
			})
		}, backup.ErrCorrupt, "does not decode"},
		{"unknown kind", func(t *testing.T) []byte {
			return editLines(t, good, func(l []string) []string {
				l[2] = mustReplace(t, l[2], `"kind":"product"`, `"kind":"coupon"`)
				return reseal(t, l)
			})
		}, backup.ErrCorrupt, "unknown kind"},
		{"data after trailer", func(t *testing.T) []byte {
			return editLines(t, good, func(l []string) []string { return append(l, "{}") })
		}, backup.ErrCorrupt, "after the trailer"},
		{"invalid record near the end", func(t *testing.T) []byte {
			// Decodes, checks out, but the store refuses it: nothing before it may land.
			return editLines(t, good, func(l []string) []string {
				i := len(l) - 2 // the last event
				l[i] = mustReplace(t, l[i], `"kind":"search"`, `"kind":"teleport"`)
				return reseal(t, l)
			})
		}, nil, "teleport"},
	}
	for _, be := range backends {
		for _, tc := range cases {
			t.Run(be.name+"/"+tc.name, func(t *testing.T) {
				ctx := context.Background()
				target := be.open(t)
				defer target.Close()
				keep := customer.Customer{ExternalID: "already-here"}
				if err := target.CreateCustomer(ctx, &keep); err != nil {
					t.Fatal(err)
				}
				before := dump(t, target)
				_, err := backup.Restore(ctx, target, bytes.NewReader(tc.file(t)))
				if err == nil {
					t.Fatal("restore accepted a damaged backup")
				}
				if tc.want != nil && !errors.Is(err, tc.want) {
					t.Fatalf("error %q, want %v", err, tc.want)
				}
				if !strings.Contains(err.Error(), tc.msg) {
					t.Fatalf("error %q does not mention %q", err, tc.msg)
				}
				if !reflect.DeepEqual(dump(t, target), before) {
					t.Fatal("a rejected restore changed the target store")
				}
			})
		}
	}
}

// A store without an atomic bulk path could be left half-restored, so
// Restore refuses it before reading anything.
func TestRestoreNeedsAtomicStore(t *testing.T) {
	_, err := backup.Restore(context.Background(), plainStore{memory.New()}, bytes.NewReader(goodBackup(t)))
	if !errors.Is(err, backup.ErrNotAtomic) {
		t.Fatalf("error %v, want ErrNotAtomic", err)
	}
}

// plainStore hides the memory store's BulkLoader.
type plainStore struct{ store.Store }

func TestRestoreHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	target := memory.New()
	if _, err := backup.Restore(ctx, target, bytes.NewReader(goodBackup(t))); !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if s, _ := target.Stats(context.Background()); s != (store.Stats{}) {
		t.Fatalf("cancelled restore wrote %+v", s)
	}
}

// mustReplace replaces the first old in s, failing the test when s lacks it.
func mustReplace(t *testing.T, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("%q not in %s", old, s)
	}
	return strings.Replace(s, old, new, 1)
}
