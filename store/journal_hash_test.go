package store_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// The expected hashes were computed outside Go, by writing the documented
// encoding byte for byte with the shell and hashing it with sha256sum:
//
//	f() { n=${#1}; printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' \
//	      $((n>>24&255)) $((n>>16&255)) $((n>>8&255)) $((n&255)))"; printf %s "$1"; }
//	r() { printf '\x00\x00\x00\x20'; echo -n "$1" | xxd -r -p; }
//	Z=00...00 (64 zeros); AFTER=$(printf '{}' | sha256sum | cut -d' ' -f1)
//	{ f 1; f 2026-03-01T12:00:00.000123Z; f alice; f create; f customer
//	  f 6f1c1b1e-8a1d-4f7e-9b1a-2c3d4e5f6a7b; f 6f1c1b1e-8a1d-4f7e-9b1a-2c3d4e5f6a7b
//	  f 1; f 2; f kind; f view; f status.to; f paid; r $Z; r $AFTER; r $Z; } | sha256sum
//	{ f 2; f 2026-03-01T12:00:01.000000Z; f ""; f load; f order; f ""
//	  f 00000000-0000-0000-0000-000000000000; f 250; f 0; r $Z; r $Z; r $H1; } | sha256sum
const (
	handEmptyObject = "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
	handHash1       = "1d3515e7e286b5cf475dd2acb092c531f855678e4b4758eebb66584e23152c5f"
	handHash2       = "483164eb2664086d6da1a00b524bee2b4e5aa27ae3da7f9edfb94796cbeab48e"
)

func handChanges(t *testing.T) (store.Change, store.Change) {
	t.Helper()
	id := uuid.MustParse("6f1c1b1e-8a1d-4f7e-9b1a-2c3d4e5f6a7b")
	after, err := store.RecordDigest(map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	// A time zone other than UTC must not change the encoding.
	cet := time.FixedZone("CET", 3600)
	c1 := store.Change{
		Seq: 1, At: time.Date(2026, 3, 1, 13, 0, 0, 123000, cet), Actor: "alice",
		Op: store.OpCreate, Entity: store.EntityCustomer, EntityID: id.String(), CustomerID: id,
		Count: 1, Detail: map[string]string{"status.to": "paid", "kind": "view"}, After: after,
		// Payloads and stored hashes are not part of the encoding.
		BeforeData: json.RawMessage(`{"x":1}`), PrevHash: store.Digest{9}, Hash: store.Digest{7},
	}
	c2 := store.Change{
		Seq: 2, At: time.Date(2026, 3, 1, 12, 0, 1, 0, time.UTC),
		Op: store.OpLoad, Entity: store.EntityOrder, Count: 250,
	}
	return c1, c2
}

func TestChainHashHandWorked(t *testing.T) {
	c1, c2 := handChanges(t)
	if got := c1.After.String(); got != handEmptyObject {
		t.Fatalf("RecordDigest({}) = %s, want %s", got, handEmptyObject)
	}
	h1 := store.ChainHash(store.Digest{}, c1)
	if h1.String() != handHash1 {
		t.Fatalf("ChainHash(change 1) = %s, want %s", h1, handHash1)
	}
	h2 := store.ChainHash(h1, c2)
	if h2.String() != handHash2 {
		t.Fatalf("ChainHash(change 2) = %s, want %s", h2, handHash2)
	}
	c2.Seal(h1)
	if c2.PrevHash != h1 || c2.Hash != h2 {
		t.Fatalf("Seal: prev %s hash %s, want %s %s", c2.PrevHash, c2.Hash, h1, h2)
	}
}

func TestChainHashCoversEveryField(t *testing.T) {
	c1, _ := handChanges(t)
	base := store.ChainHash(store.Digest{}, c1)
	edits := map[string]func(c *store.Change){
		"seq":         func(c *store.Change) { c.Seq++ },
		"at":          func(c *store.Change) { c.At = c.At.Add(time.Microsecond) },
		"actor":       func(c *store.Change) { c.Actor = "mallory" },
		"op":          func(c *store.Change) { c.Op = store.OpUpdate },
		"entity":      func(c *store.Change) { c.Entity = store.EntityOrder },
		"entity id":   func(c *store.Change) { c.EntityID += "x" },
		"customer":    func(c *store.Change) { c.CustomerID = uuid.Nil },
		"count":       func(c *store.Change) { c.Count = 2 },
		"detail":      func(c *store.Change) { c.Detail = map[string]string{"kind": "view", "status.to": "paid2"} },
		"detail keys": func(c *store.Change) { c.Detail = map[string]string{"kind": "view"} },
		"before":      func(c *store.Change) { c.Before[0] = 1 },
		"after":       func(c *store.Change) { c.After[31] ^= 1 },
		// Moving bytes between adjacent fields must change the hash too.
		"boundary": func(c *store.Change) { c.Actor, c.Op = "alicec", "reate" },
	}
	for name, edit := range edits {
		c := c1
		c.Detail = map[string]string{"status.to": "paid", "kind": "view"}
		edit(&c)
		if store.ChainHash(store.Digest{}, c) == base {
			t.Errorf("%s: changing it leaves the hash unchanged", name)
		}
	}
	if store.ChainHash(store.Digest{1}, c1) == base {
		t.Error("prev: changing it leaves the hash unchanged")
	}
	c := c1
	c.BeforeData, c.AfterData = nil, json.RawMessage(`{"y":2}`)
	if store.ChainHash(store.Digest{}, c) != base {
		t.Error("payloads changed the hash; erasing them would break the chain")
	}
}

func TestSetRecords(t *testing.T) {
	var c store.Change
	type rec struct{ A int }
	if err := c.SetRecords(rec{1}, rec{2}, true); err != nil {
		t.Fatal(err)
	}
	want1, _ := store.RecordDigest(rec{1})
	want2, _ := store.RecordDigest(rec{2})
	if c.Before != want1 || c.After != want2 || string(c.BeforeData) != `{"A":1}` || string(c.AfterData) != `{"A":2}` {
		t.Fatalf("SetRecords: %+v", c)
	}
	if err := c.SetRecords(nil, rec{2}, false); err != nil {
		t.Fatal(err)
	}
	if !c.Before.IsZero() || c.After != want2 || c.BeforeData != nil || c.AfterData != nil {
		t.Fatalf("SetRecords without data: %+v", c)
	}
	if err := c.SetRecords(func() {}, nil, true); err == nil {
		t.Fatal("SetRecords of an unencodable record: no error")
	}
}

func TestDigestText(t *testing.T) {
	d, _ := store.RecordDigest(map[string]any{})
	b, err := json.Marshal(struct{ D store.Digest }{d})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"D":"`+handEmptyObject+`"}` {
		t.Fatalf("JSON %s", b)
	}
	var back struct{ D store.Digest }
	if err := json.Unmarshal(b, &back); err != nil || back.D != d {
		t.Fatalf("round trip: %v %v", back.D, err)
	}
	if err := json.Unmarshal([]byte(`{"D":"abc"}`), &back); err == nil {
		t.Fatal("short digest accepted")
	}
	if err := json.Unmarshal([]byte(`{"D":"`+handEmptyObject[:62]+`zz"}`), &back); err == nil {
		t.Fatal("non-hex digest accepted")
	}
}
