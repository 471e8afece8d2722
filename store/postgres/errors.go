package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/crmkit/crmkit/store"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// ErrNULByte is returned for a write whose text holds a NUL byte (U+0000):
// PostgreSQL's text and JSONB cannot store it, though the other backends
// can. Strip or replace such bytes before writing (an importer reading
// dirty files, say).
var ErrNULByte = errors.New("postgres: text holds a NUL byte (U+0000), which PostgreSQL cannot store")

// SQLSTATE codes the store maps to the contract's errors.
const (
	codeUniqueViolation          = "23505"
	codeCharacterNotInRepertoire = "22021" // a NUL byte in text
	codeUntranslatableCharacter  = "22P05" // \u0000 in JSONB
)

// fail maps a backend error to the contract's errors with context saying what
// the store was doing: no rows becomes store.ErrNotFound, a unique violation
// store.ErrConflict (naming the constraint and the key), a NUL byte in text
// ErrNULByte, any error after Close store.ErrClosed; everything else is
// wrapped as it is.
func (s *Store) fail(err error, what string, args ...any) error {
	ctxt := fmt.Sprintf(what, args...)
	var pgErr *pgconn.PgError
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return fmt.Errorf("postgres: %s: %w", ctxt, store.ErrNotFound)
	case errors.As(err, &pgErr) && pgErr.Code == codeUniqueViolation:
		detail := pgErr.Detail
		if detail == "" {
			detail = pgErr.Message
		}
		return fmt.Errorf("postgres: %s: %w: %s (%s)", ctxt, store.ErrConflict, detail, pgErr.ConstraintName)
	case errors.As(err, &pgErr) && (pgErr.Code == codeCharacterNotInRepertoire || pgErr.Code == codeUntranslatableCharacter):
		return fmt.Errorf("postgres: %s: %w (%s)", ctxt, ErrNULByte, pgErr.Message)
	case s.closed.Load() && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("postgres: %s: %w", ctxt, store.ErrClosed)
	}
	return fmt.Errorf("postgres: %s: %w", ctxt, err)
}

// notFound returns store.ErrNotFound with context.
func notFound(what string, args ...any) error {
	return fmt.Errorf("postgres: %s: %w", fmt.Sprintf(what, args...), store.ErrNotFound)
}
