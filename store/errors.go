package store

import "errors"

// Sentinel errors of the store contract; backends wrap them with context, so
// compare with errors.Is.
var (
	// ErrNotFound: no record has the given ID or key.
	ErrNotFound = errors.New("store: not found")
	// ErrConflict: the write collides with stored data — an ID or unique key
	// (customer e-mail, external ID, order number) already taken, or a stale
	// Version on update.
	ErrConflict = errors.New("store: conflict")
	// ErrClosed: the store was closed.
	ErrClosed = errors.New("store: closed")
	// ErrBadCursor: a filter's After cursor is malformed.
	ErrBadCursor = errors.New("store: malformed cursor")
)
