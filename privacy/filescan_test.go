package privacy_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/crmkit/crmkit/privacy"
	"github.com/crmkit/crmkit/store/sqlite"
)

// TestEraseLeavesNoBytesInSQLiteFile erases a customer from a SQLite store
// and then reads the database file and its WAL byte by byte: none of the
// customer's e-mail, names, phone, street, review or return text may be
// left, not in free pages, not inside JSON columns, not in the journal. The
// same scan run before the erasure must find them, so it can fail.
func TestEraseLeavesNoBytesInSQLiteFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shop.db")
	st, err := sqlite.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// Bystanders before and after, so the erased rows sit between live ones
	// on shared pages.
	for i := range 20 {
		seedPerson(t, ctx, st, 100+i, t0)
	}
	p := seedPerson(t, ctx, st, 1, t0)
	for i := range 20 {
		seedPerson(t, ctx, st, 200+i, t0)
	}
	// Update the profile so older versions of its row exist in the WAL too.
	c, err := st.GetCustomer(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	c.Interests = append(c.Interests, "tea")
	if err := st.UpdateCustomer(ctx, &c); err != nil {
		t.Fatal(err)
	}
	secrets := map[string]string{
		"email": p.Email, "first name": p.First, "last name": p.Last, "phone": p.Phone,
		"street (address JSON)": p.Street, "review text": p.Review, "return reason": p.Reason,
		"tag (customer_tags rows)": p.Tag,
	}

	// Control: before erasure every value is in the files (the WAL, or the
	// main file once checkpointed).
	for what, v := range secrets {
		if !inFiles(t, path, v) {
			t.Fatalf("control failed: %s %q not found in the database files before erasure", what, v)
		}
	}

	rc, err := privacy.Erase(ctx, st, p.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !rc.Compacted || !rc.ProfileRemoved || rc.OrdersKept != 2 {
		t.Fatalf("receipt %+v", rc)
	}
	check := func(when string) {
		for what, v := range secrets {
			if inFiles(t, path, v) {
				t.Errorf("%s: %s %q still in the database files", when, what, v)
			}
		}
	}
	check("after erasure, store open")
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	check("after close")

	// The kept orders are still there and readable.
	st2, err := sqlite.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	d, err := privacy.Export(ctx, st2, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Orders) != 2 || d.Profile != nil {
		t.Errorf("reopened: %d orders, profile %v", len(d.Orders), d.Profile)
	}
}

// inFiles reports whether v occurs in the database file, its WAL or its
// shared-memory index.
func inFiles(t *testing.T, path, v string) bool {
	t.Helper()
	for _, f := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		b, err := os.ReadFile(f)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(v)) {
			return true
		}
	}
	return false
}

// TestEraseWithoutCompactLeavesBytes shows why Erase compacts: a plain
// delete leaves the customer's bytes in the files.
func TestEraseWithoutCompactLeavesBytes(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shop.db")
	st, err := sqlite.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p := seedPerson(t, ctx, st, 1, t0)
	seedPerson(t, ctx, st, 2, t0)
	if _, err := privacy.Erase(ctx, st, p.ID, &privacy.EraseOptions{SkipCompact: true}); err != nil {
		t.Fatal(err)
	}
	if !inFiles(t, path, p.Email) {
		t.Fatalf("e-mail gone without compaction: the file scan may be blind")
	}
	if err := st.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	if inFiles(t, path, p.Email) {
		t.Errorf("e-mail still in the files after Compact")
	}
}
