package sqlite

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of the database to destPath while the
// store stays in use: VACUUM INTO reads one snapshot (writers carry on
// meanwhile in WAL mode) and writes it compacted into a new file, which is
// then synced to disk. The copy opens with Open like any database. destPath
// must not exist. Errors: store.ErrClosed; fs.ErrExist; backend errors.
func (s *Store) Backup(ctx context.Context, destPath string) error {
	const op = "backup"
	if err := s.check(ctx); err != nil {
		return err
	}
	if _, err := os.Stat(destPath); err == nil {
		return fmt.Errorf("sqlite: %s to %s: %w", op, destPath, fs.ErrExist)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("sqlite: %s to %s: %w", op, destPath, err)
	}
	if err := s.vacuumInto(ctx, destPath); err != nil {
		os.Remove(destPath) // an interrupted copy is no backup
		return s.scanErr(ctx, op+" to "+destPath, err)
	}
	if err := syncFile(destPath); err != nil {
		return fmt.Errorf("sqlite: %s to %s: %w", op, destPath, err)
	}
	return nil
}

// syncFile flushes a file and its directory entry to disk.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	dir, err := os.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer dir.Close()
	return dir.Sync()
}

// vacuumInto runs VACUUM INTO on a read connection, so the writer is not
// held up. Read connections are query-only, which VACUUM INTO counts as
// writing, so the guard is lifted for the statement and restored after; a
// connection whose guard cannot be restored is discarded.
func (s *Store) vacuumInto(ctx context.Context, destPath string) error {
	conn, err := s.reader.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA query_only = 0`); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, `VACUUM INTO ?`, destPath)
	if _, rerr := conn.ExecContext(context.Background(), `PRAGMA query_only = 1`); rerr != nil {
		conn.Raw(func(any) error { return driver.ErrBadConn })
		return errors.Join(err, rerr)
	}
	return err
}
