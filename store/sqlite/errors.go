package sqlite

import (
	"errors"
	"fmt"

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
		return fmt.Errorf("sqlite: %s: %w: %s (%v)", op, store.ErrConflict, what, err)
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
