package store

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
)

// ChainTimeLayout is the form of Change.At inside the chain encoding: UTC,
// RFC 3339 with exactly six fractional digits.
const ChainTimeLayout = "2006-01-02T15:04:05.000000Z"

// ChainHash returns the hash that links c to its predecessor: SHA-256 over
// the canonical encoding of c's recorded fields followed by prev. c.PrevHash,
// c.Hash, c.BeforeData and c.AfterData are not read, so a change's payloads
// can be erased without breaking the chain.
//
// The canonical encoding is a sequence of fields, each written as its length
// in bytes (4 bytes, big-endian unsigned) followed by the bytes, in this order:
//
//	Seq         decimal ASCII ("42")
//	At          c.At in UTC formatted with ChainTimeLayout
//	Actor       UTF-8
//	Op          UTF-8
//	Entity      UTF-8
//	EntityID    UTF-8
//	CustomerID  the UUID's 36-character lower-case form (the nil UUID too)
//	Count       decimal ASCII
//	len(Detail) decimal ASCII, then for each key in ascending byte order
//	            the key and its value, each as its own field
//	Before      32 raw bytes
//	After       32 raw bytes
//	prev        32 raw bytes
//
// Every field carries its length, so no two different changes encode to the
// same bytes, whatever their strings contain.
func ChainHash(prev Digest, c Change) Digest {
	h := sha256.New()
	var lenBuf [4]byte
	field := func(b []byte) {
		binary.BigEndian.PutUint32(lenBuf[:], uint32(len(b)))
		h.Write(lenBuf[:])
		h.Write(b)
	}
	str := func(s string) { field([]byte(s)) }
	str(strconv.FormatInt(c.Seq, 10))
	str(c.At.UTC().Format(ChainTimeLayout))
	str(c.Actor)
	str(string(c.Op))
	str(string(c.Entity))
	str(c.EntityID)
	str(c.CustomerID.String())
	str(strconv.Itoa(c.Count))
	str(strconv.Itoa(len(c.Detail)))
	keys := make([]string, 0, len(c.Detail))
	for k := range c.Detail {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		str(k)
		str(c.Detail[k])
	}
	field(c.Before[:])
	field(c.After[:])
	field(prev[:])
	var d Digest
	h.Sum(d[:0])
	return d
}

// RecordDigest returns the SHA-256 of v's JSON encoding (encoding/json), the
// digest a Change keeps in Before and After.
func RecordDigest(v any) (Digest, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return Digest{}, fmt.Errorf("store: record digest: %w", err)
	}
	return sha256.Sum256(b), nil
}

// Seal sets c.PrevHash to prev and c.Hash to ChainHash(prev, *c): the last
// step before a backend stores a change.
func (c *Change) Seal(prev Digest) {
	c.PrevHash = prev
	c.Hash = ChainHash(prev, *c)
}

// SetRecords sets c.Before and c.After to the digests of the records before
// and after the write (nil where there is none) and, when withData is true,
// c.BeforeData and c.AfterData to their JSON. Each record is encoded once,
// so the digest is exactly RecordDigest of the record and of the JSON kept.
func (c *Change) SetRecords(before, after any, withData bool) error {
	enc := func(v any) (Digest, json.RawMessage, error) {
		if v == nil {
			return Digest{}, nil, nil
		}
		b, err := json.Marshal(v)
		if err != nil {
			return Digest{}, nil, fmt.Errorf("store: journal record: %w", err)
		}
		if !withData {
			return sha256.Sum256(b), nil, nil
		}
		return sha256.Sum256(b), b, nil
	}
	var err error
	if c.Before, c.BeforeData, err = enc(before); err != nil {
		return err
	}
	c.After, c.AfterData, err = enc(after)
	return err
}

// String returns the digest in lower-case hex.
func (d Digest) String() string { return hex.EncodeToString(d[:]) }

// MarshalText encodes d as lower-case hex, so a Change marshals to readable
// JSON.
func (d Digest) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText decodes 64 hex digits. Errors: a malformed digest.
func (d *Digest) UnmarshalText(b []byte) error {
	if hex.DecodedLen(len(b)) != len(d) {
		return fmt.Errorf("store: digest %q: want %d hex digits", b, 2*len(d))
	}
	_, err := hex.Decode(d[:], b)
	if err != nil {
		return fmt.Errorf("store: digest %q: %w", b, err)
	}
	return nil
}

// IsZero reports whether d is the zero digest (no record, or no predecessor).
func (d Digest) IsZero() bool { return d == Digest{} }
