package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/crmkit/crmkit/backup"
	"github.com/crmkit/crmkit/internal/storeopen"
)

func init() {
	register(&command{
		name:    "backup",
		summary: "write a store to a portable, checksummed backup file",
		run:     runBackup,
	})
	register(&command{
		name:    "restore",
		summary: "check a backup file and restore it into a store, all or nothing",
		run:     runRestore,
	})
}

func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("crmkit backup", stderr)
	db := fs.String("db", "", "store to back up: sqlite:PATH (or PATH.db), postgres://..., memory")
	out := fs.String("out", "", "backup file to write (gzip JSON Lines); written to a temporary file and renamed when complete")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *db == "" || *out == "" || fs.NArg() != 0 {
		fs.Usage()
		return fmt.Errorf("%w: backup needs -db and -out", errUsage)
	}
	st, err := storeopen.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()

	// A backup that fails half-way must not take the place of a good one.
	tmp, err := os.CreateTemp(filepath.Dir(*out), filepath.Base(*out)+".*.tmp")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(tmp.Name())
	m, err := backup.Backup(ctx, st, tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), *out)
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	printManifest(stdout, "backed up", *out, m)
	return st.Close()
}

func runRestore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("crmkit restore", stderr)
	db := fs.String("db", "", "store to restore into: sqlite:PATH (or PATH.db), postgres://..., memory (checks the file only)")
	in := fs.String("in", "", "backup file to read")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *db == "" || *in == "" || fs.NArg() != 0 {
		fs.Usage()
		return fmt.Errorf("%w: restore needs -db and -in", errUsage)
	}
	f, err := os.Open(*in)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer f.Close()
	st, err := storeopen.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	m, err := backup.Restore(ctx, st, f)
	if err != nil {
		return fmt.Errorf("restore from %s: %w", *in, err)
	}
	printManifest(stdout, "restored", *in, m)
	return st.Close()
}

func printManifest(w io.Writer, verb, file string, m backup.Manifest) {
	c := m.Counts
	fmt.Fprintf(w, "%s %s: format %s v%d of %s\n", verb, file, m.Format, m.Version, m.CreatedAt.Format("2006-01-02 15:04:05 MST"))
	fmt.Fprintf(w, "  %d customers, %d orders, %d returns, %d products, %d events\n", c.Customers, c.Orders, c.Returns, c.Products, c.Events)
	fmt.Fprintf(w, "  sha256 %s\n", m.SHA256)
}
