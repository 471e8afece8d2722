package memory

import (
	"time"

	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// timeKey is the (time, ID) sort key a cursor carries.
type timeKey struct {
	t  time.Time
	id uuid.UUID
}

// parseTimeCursor decodes a filter's After cursor; "" gives nil.
func parseTimeCursor(cursor string) (*timeKey, error) {
	if cursor == "" {
		return nil, nil
	}
	t, id, err := store.DecodeTimeCursor(cursor)
	if err != nil {
		return nil, err
	}
	return &timeKey{t, id}, nil
}

// before reports whether the record key (t, id) comes after the cursor in the
// scan's direction: later for ascending scans, earlier for descending ones.
func (k *timeKey) before(t time.Time, id uuid.UUID, desc bool) bool {
	if desc {
		return store.TimeKeyAfter(k.t, k.id, t, id)
	}
	return store.TimeKeyAfter(t, id, k.t, k.id)
}

// limit cuts a sorted selection to n records (n <= 0: all).
func limit[T any](sel []T, n int) []T {
	if n > 0 && len(sel) > n {
		return sel[:n]
	}
	return sel
}
