package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Compact rewrites the database so that no trace of deleted records is left
// in the file or its write-ahead log. SQLite does not overwrite what a DELETE
// removes: the bytes stay in free pages and in the WAL until reused, which is
// not good enough after an erasure request. Compact therefore checkpoints
// the WAL into the main file, rebuilds the file with VACUUM (every page
// written afresh, free pages dropped), and checkpoints again with TRUNCATE so
// the WAL file is emptied to zero bytes. It changes no setting of the
// store's connections (secure_delete stays as opened), so deletes made after
// it leave their bytes behind again until the next Compact.
//
// It runs on the writer connection, so writes wait while it works; the time
// grows with the size of the database. Readers holding an old snapshot can
// keep the WAL from being reset: Compact then fails with an error saying so,
// and a later call succeeds. Errors: store.ErrClosed; backend errors.
func (s *Store) Compact(ctx context.Context) error {
	const op = "compact"
	if err := s.check(ctx); err != nil {
		return err
	}
	conn, err := s.writer.Conn(ctx)
	if err != nil {
		return s.wrap(op, err)
	}
	defer conn.Close()
	if err := checkpoint(ctx, conn); err != nil {
		return s.wrap(op, err)
	}
	if _, err := conn.ExecContext(ctx, `VACUUM`); err != nil {
		return s.wrap(op, err)
	}
	if err := checkpoint(ctx, conn); err != nil {
		return s.wrap(op, err)
	}
	return nil
}

// errCheckpointBusy: a reader's snapshot kept the WAL from being reset.
var errCheckpointBusy = errors.New("WAL checkpoint blocked by a reader; retry later")

// checkpoint copies the whole WAL into the main file and truncates the WAL.
func checkpoint(ctx context.Context, conn *sql.Conn) error {
	var busy, logFrames, done int
	if err := conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &done); err != nil {
		return err
	}
	if busy != 0 {
		return fmt.Errorf("%w (%d of %d frames copied)", errCheckpointBusy, done, logFrames)
	}
	return nil
}
