package store

import (
	"encoding/base64"
	"fmt"
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/google/uuid"
)

// Cursors are opaque to callers; inside they hold the sort key of the last
// record seen, so every backend pages the same way and a cursor from one
// backend works on another holding the same data.

// CustomerCursor returns the cursor that resumes a customer scan after c.
func CustomerCursor(c customer.Customer) string { return timeCursor(c.CreatedAt, c.ID) }

// OrderCursor returns the cursor that resumes an order scan after o.
func OrderCursor(o order.Order) string { return timeCursor(o.PlacedAt, o.ID) }

// ReturnCursor returns the cursor that resumes a return scan after r.
func ReturnCursor(r order.Return) string { return timeCursor(r.RequestedAt, r.ID) }

// EventCursor returns the cursor that resumes an event scan after e.
func EventCursor(e behavior.Event) string { return timeCursor(e.At, e.ID) }

// ProductCursor returns the cursor that resumes a product scan after p.
func ProductCursor(p order.Product) string {
	return base64.RawURLEncoding.EncodeToString([]byte("p:" + p.ID))
}

func timeCursor(t time.Time, id uuid.UUID) string {
	return base64.RawURLEncoding.EncodeToString([]byte("t:" + strconv.FormatInt(t.UnixMicro(), 10) + ":" + id.String()))
}

// DecodeTimeCursor returns the (time, ID) key inside a customer, order,
// return or event cursor. Errors: ErrBadCursor.
func DecodeTimeCursor(cursor string) (time.Time, uuid.UUID, error) {
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return time.Time{}, uuid.Nil, fmt.Errorf("%w %q: %v", ErrBadCursor, cursor, err)
	}
	parts := strings.SplitN(string(raw), ":", 3)
	if len(parts) != 3 || parts[0] != "t" {
		return time.Time{}, uuid.Nil, fmt.Errorf("%w %q", ErrBadCursor, cursor)
	}
	us, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return time.Time{}, uuid.Nil, fmt.Errorf("%w %q: %v", ErrBadCursor, cursor, err)
	}
	id, err := uuid.Parse(parts[2])
	if err != nil {
		return time.Time{}, uuid.Nil, fmt.Errorf("%w %q: %v", ErrBadCursor, cursor, err)
	}
	return time.UnixMicro(us).UTC(), id, nil
}

// DecodeProductCursor returns the product ID inside a product cursor.
// Errors: ErrBadCursor.
func DecodeProductCursor(cursor string) (string, error) {
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil || !strings.HasPrefix(string(raw), "p:") {
		return "", fmt.Errorf("%w %q", ErrBadCursor, cursor)
	}
	return string(raw[2:]), nil
}

// TimeKeyAfter reports whether the key (t, id) comes strictly after the
// cursor key (ct, cid) in ascending (time, ID) order. IDs compare by bytes.
func TimeKeyAfter(t time.Time, id uuid.UUID, ct time.Time, cid uuid.UUID) bool {
	if !t.Equal(ct) {
		return t.After(ct)
	}
	return CompareIDs(id, cid) > 0
}

// CompareIDs orders UUIDs by their bytes, which is also the order of their
// canonical lower-case strings, so SQL backends can sort the text form.
func CompareIDs(a, b uuid.UUID) int {
	for i := range a {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// Collect reads up to limit records from a scan (limit <= 0: all) and
// returns them with the cursor of the last one, "" when the scan ended
// before the limit. Use it to serve pages:
//
//	page, next, err := store.Collect(st.Orders(ctx, store.OrderFilter{After: cur, Limit: 51}), 50, store.OrderCursor)
//
// Asking the scan for limit+1 lets Collect tell a full last page from the end.
func Collect[T any](seq iter.Seq2[T, error], limit int, cursorOf func(T) string) (items []T, next string, err error) {
	for v, err := range seq {
		if err != nil {
			return nil, "", err
		}
		if limit > 0 && len(items) == limit {
			return items, cursorOf(items[len(items)-1]), nil
		}
		items = append(items, v)
	}
	return items, "", nil
}
