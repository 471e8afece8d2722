package backup

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
)

// MaxLineBytes bounds one line of a backup, so a damaged file cannot make
// Restore allocate without limit.
const MaxLineBytes = 64 << 20

// Restore reads a backup from r, checks all of it, and only then writes its
// records into st in one atomic store.Load with store.ConflictFail. On any
// error st is left as it was. st need not be empty, but any record that
// collides with a stored one (same ID or unique key) fails the whole restore. Errors: ErrCorrupt (truncated or damaged file,
// wrong checksum or counts, a record that does not decode), ErrVersion,
// ErrNotAtomic (st has no store.BulkLoader), store.ErrConflict and the
// domain validation errors from the store, ctx's error.
func Restore(ctx context.Context, st store.Store, r io.Reader) (Manifest, error) {
	if _, ok := st.(store.BulkLoader); !ok {
		return Manifest{}, fmt.Errorf("%w (got %T)", ErrNotAtomic, st)
	}
	m, batch, err := Read(ctx, r)
	if err != nil {
		return Manifest{}, err
	}
	if _, err := store.Load(ctx, st, batch, store.ConflictFail); err != nil {
		return Manifest{}, fmt.Errorf("backup: restoring %d records: %w", batch.Len(), err)
	}
	return m, nil
}

// Read reads and checks a whole backup without writing it anywhere and
// returns its manifest and records. Restore uses it; on its own it verifies
// a backup file. Errors: ErrCorrupt, ErrVersion, ctx's error.
func Read(ctx context.Context, r io.Reader) (Manifest, store.Batch, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return Manifest{}, store.Batch{}, corrupt(0, "not a gzip stream: %v", err)
	}
	defer zr.Close()
	lr := &lineReader{r: bufio.NewReaderSize(zr, 64<<10)}

	line, err := lr.next()
	if errors.Is(err, io.EOF) {
		return Manifest{}, store.Batch{}, corrupt(0, "empty backup")
	}
	if err != nil {
		return Manifest{}, store.Batch{}, err
	}
	var h header
	if err := json.Unmarshal(line, &h); err != nil || h.Kind != kindHeader {
		return Manifest{}, store.Batch{}, corrupt(1, "not a backup header")
	}
	if h.Format != FormatName {
		return Manifest{}, store.Batch{}, corrupt(1, "format %q, want %q", h.Format, FormatName)
	}
	if h.Version != Version {
		return Manifest{}, store.Batch{}, fmt.Errorf("%w: the backup has version %d, this build reads version %d", ErrVersion, h.Version, Version)
	}

	var (
		b     store.Batch
		got   store.Stats
		sum   = sha256.New()
		trail *trailer
	)
	for trail == nil {
		if lr.n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return Manifest{}, store.Batch{}, err
			}
		}
		line, err := lr.next()
		if errors.Is(err, io.EOF) {
			return Manifest{}, store.Batch{}, corrupt(0, "the file ends before its trailer (truncated)")
		}
		if err != nil {
			return Manifest{}, store.Batch{}, err
		}
		kind, raw, ok := splitRecord(line)
		if !ok {
			var t trailer
			if err := json.Unmarshal(line, &t); err != nil {
				return Manifest{}, store.Batch{}, corrupt(lr.n, "neither a record nor a trailer: %v", err)
			}
			if t.Kind != kindTrailer {
				return Manifest{}, store.Batch{}, corrupt(lr.n, "neither a record nor a trailer")
			}
			trail = &t
			break
		}
		sum.Write(line)
		sum.Write([]byte{'\n'})
		if err := decodeRecord(&b, &got, kind, raw); err != nil {
			return Manifest{}, store.Batch{}, corrupt(lr.n, "%v", err)
		}
	}
	// Reading to the end makes gzip check its own CRC and length.
	if _, err := lr.next(); !errors.Is(err, io.EOF) {
		if err == nil {
			return Manifest{}, store.Batch{}, corrupt(lr.n, "data after the trailer")
		}
		return Manifest{}, store.Batch{}, err
	}
	digest := hex.EncodeToString(sum.Sum(nil))
	switch {
	case got != h.Counts:
		return Manifest{}, store.Batch{}, corrupt(0, "header counts %+v, records %+v", h.Counts, got)
	case trail.Counts != h.Counts:
		return Manifest{}, store.Batch{}, corrupt(0, "header counts %+v, trailer counts %+v", h.Counts, trail.Counts)
	case trail.SHA256 != digest:
		return Manifest{}, store.Batch{}, corrupt(0, "checksum mismatch: trailer says %s, records hash to %s", trail.SHA256, digest)
	}
	return Manifest{Format: h.Format, Version: h.Version, CreatedAt: h.CreatedAt, Counts: got, SHA256: digest}, b, nil
}

// decodeRecord decodes one record into the batch and counts it.
func decodeRecord(b *store.Batch, got *store.Stats, kind string, raw []byte) error {
	if len(raw) == 0 {
		return fmt.Errorf("%s line without a record", kind)
	}
	var err error
	switch kind {
	case kindProduct:
		err = decodeInto(raw, &b.Products)
		got.Products++
	case kindCustomer:
		err = decodeInto(raw, &b.Customers)
		got.Customers++
	case kindOrder:
		err = decodeInto(raw, &b.Orders)
		got.Orders++
	case kindReturn:
		err = decodeInto(raw, &b.Returns)
		got.Returns++
	case kindEvent:
		err = decodeInto(raw, &b.Events)
		got.Events++
	default:
		return fmt.Errorf("unknown kind %q", kind)
	}
	if err != nil {
		return fmt.Errorf("%s record does not decode: %v", kind, err)
	}
	return nil
}

// record is the set of domain types a backup holds.
type record interface {
	order.Product | customer.Customer | order.Order | order.Return | behavior.Event
}

func decodeInto[T record](raw []byte, dst *[]T) error {
	var v T
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return err
	}
	if dec.InputOffset() != int64(len(raw)) {
		return errors.New("data after the record")
	}
	*dst = append(*dst, v)
	return nil
}

// splitRecord takes a record line apart as Backup writes it,
// {"kind":"KIND","record":RECORD}, without parsing the record twice; ok is
// false for any other line.
func splitRecord(line []byte) (kind string, raw []byte, ok bool) {
	const head, mid = `{"kind":"`, `","record":`
	rest, found := bytes.CutPrefix(line, []byte(head))
	if !found {
		return "", nil, false
	}
	i := bytes.IndexByte(rest, '"')
	if i < 0 {
		return "", nil, false
	}
	kind = string(rest[:i])
	raw, found = bytes.CutPrefix(rest[i:], []byte(mid))
	if !found || len(raw) < 2 || raw[len(raw)-1] != '}' {
		return "", nil, false
	}
	return kind, raw[:len(raw)-1], true
}

// lineReader yields the lines of a backup without their newline; n is the
// number of the last line read (from 1).
type lineReader struct {
	r *bufio.Reader
	n int
}

// next returns the next line. A line cut off by the end of the stream, a
// damaged gzip stream and an over-long line are ErrCorrupt; the clean end
// after a complete line is io.EOF.
func (l *lineReader) next() ([]byte, error) {
	var line []byte
	for {
		chunk, err := l.r.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > MaxLineBytes {
			return nil, corrupt(l.n+1, "longer than %d bytes", MaxLineBytes)
		}
		switch {
		case err == nil:
			l.n++
			return line[:len(line)-1], nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF) && len(line) == 0:
			return nil, io.EOF
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return nil, corrupt(l.n+1, "the file ends in the middle of a line (truncated)")
		default:
			return nil, corrupt(l.n+1, "%v", err)
		}
	}
}
