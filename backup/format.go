package backup

import (
	"errors"
	"fmt"
	"time"

	"github.com/crmkit/crmkit/store"
)

// FormatName identifies a crmkit backup in its header.
const FormatName = "crmkit-backup"

// Version is the format version this package writes and reads.
const Version = 1

// Sentinel errors; Restore and Backup wrap them with details.
var (
	// ErrCorrupt: the backup is truncated, damaged, or not a crmkit backup.
	ErrCorrupt = errors.New("backup: corrupt or truncated backup")
	// ErrVersion: the backup was written in a format version this package cannot read.
	ErrVersion = errors.New("backup: unsupported format version")
	// ErrNotAtomic: the target store has no atomic bulk path (store.BulkLoader).
	ErrNotAtomic = errors.New("backup: restore needs a store with an atomic bulk loader")
	// ErrChanged: the store was written while the backup ran.
	ErrChanged = errors.New("backup: store changed during the backup")
)

// Manifest describes a backup: what its header and trailer say.
type Manifest struct {
	Format    string      `json:"format"`
	Version   int         `json:"version"`
	CreatedAt time.Time   `json:"created_at"`
	Counts    store.Stats `json:"counts"`
	SHA256    string      `json:"sha256"` // hex SHA-256 of the record lines
}

// The kinds of line, in the order Backup writes records.
const (
	kindHeader   = "header"
	kindProduct  = "product"
	kindCustomer = "customer"
	kindOrder    = "order"
	kindReturn   = "return"
	kindEvent    = "event"
	kindTrailer  = "trailer"
)

// header is the first line of a backup.
type header struct {
	Kind      string      `json:"kind"`
	Format    string      `json:"format"`
	Version   int         `json:"version"`
	CreatedAt time.Time   `json:"created_at"`
	Counts    store.Stats `json:"counts"`
}

// trailer is the last line of a backup.
type trailer struct {
	Kind   string      `json:"kind"`
	Counts store.Stats `json:"counts"`
	SHA256 string      `json:"sha256"`
}

// corrupt returns an ErrCorrupt error about line n (n <= 0: no line).
func corrupt(n int, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if n > 0 {
		return fmt.Errorf("%w: line %d: %s", ErrCorrupt, n, msg)
	}
	return fmt.Errorf("%w: %s", ErrCorrupt, msg)
}
