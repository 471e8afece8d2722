package sqlite

import (
	"errors"
	"fmt"
	"strings"

	"github.com/crmkit/crmkit/store"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// isUniqueViolation reports whether err is SQLite refusing a duplicate
// primary or unique key.
func isUniqueViolation(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return true
	}
	return false
}

// conflict turns a unique-key violation into store.ErrConflict naming the
// record; other errors are wrapped by wrap.
func (s *Store) conflict(op, what string, err error) error {
	if isUniqueViolation(err) {
		return fmt.Errorf("sqlite: %s: %w: %s: %s taken", op, store.ErrConflict, what, takenKey(err))
	}
	return s.wrap(op, err)
}

// wrap gives a backend error the operation's context (errors.Is still sees
// the cause); after Close a failure reports store.ErrClosed.
func (s *Store) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	if s.closed.Load() && !errors.Is(err, store.ErrClosed) {
		return fmt.Errorf("sqlite: %s: %w (%v)", op, store.ErrClosed, err)
	}
	return fmt.Errorf("sqlite: %s: %w", op, err)
}

// takenKey names the key a unique violation is about, from SQLite's message
// ("UNIQUE constraint failed: customers.email_key").
func takenKey(err error) string {
	msg := err.Error()
	for _, k := range []struct{ column, name string }{
		{"customers.email_key", "the e-mail"},
		{"customers.external_id", "the external ID"},
		{"orders.number", "the order number"},
		{".id", "the ID"},
	} {
		if strings.Contains(msg, k.column) {
			return k.name
		}
	}
	return "a unique key"
}
