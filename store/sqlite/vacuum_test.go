package sqlite

import (
	"bytes"
	"context"
	"errors"
	"os"
	"testing"

	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// TestCompact deletes most of a store's customers and checks that Compact
// shrinks the file, empties the WAL and leaves no deleted e-mail in either,
// while the remaining data stays readable.
func TestCompact(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	var kept []customerKey
	for i := range 300 {
		c := mustCreateCustomer(t, st, newCustomer(i))
		kept = append(kept, customerKey{c.ID, c.Email})
	}
	if err := st.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	before := compactFileSize(t, st.Path())
	for _, c := range kept[1:] {
		if err := st.DeleteCustomer(ctx, c.id); err != nil {
			t.Fatal(err)
		}
	}
	deleted := []byte(kept[150].email)
	if !compactFound(t, st.Path(), deleted) {
		t.Fatal("control: a deleted e-mail should still be in the files before Compact")
	}
	if err := st.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	if after := compactFileSize(t, st.Path()); after >= before {
		t.Errorf("file %d bytes after Compact, %d before: want smaller", after, before)
	}
	if n := compactFileSize(t, st.Path()+"-wal"); n != 0 {
		t.Errorf("WAL is %d bytes after Compact, want 0", n)
	}
	if compactFound(t, st.Path(), deleted) {
		t.Errorf("deleted e-mail %q still in the files", deleted)
	}
	if _, err := st.GetCustomer(ctx, kept[0].id); err != nil {
		t.Errorf("kept customer: %v", err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if err := st.Compact(ctx); !errors.Is(err, store.ErrClosed) {
		t.Errorf("Compact after Close: %v, want store.ErrClosed", err)
	}
}

// customerKey is what the test remembers of a stored profile.
type customerKey struct {
	id    uuid.UUID
	email string
}

func compactFileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

func compactFound(t *testing.T, path string, v []byte) bool {
	t.Helper()
	for _, f := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if bytes.Contains(b, v) {
			return true
		}
	}
	return false
}
