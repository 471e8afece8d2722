package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportCommandPrintsTheReport(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "log.csv")
	csv := "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n" +
		"536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n" +
		"536366,85123A,HEART,six,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n"
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if err := runImport(context.Background(), []string{"-db", "memory", file}, &out, &errOut); err != nil {
		t.Fatalf("import: %v\n%s", err, errOut.String())
	}
	for _, want := range []string{"lines                                    2", "bad line 3: quantity \"six\" is not an integer", "1 orders"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	if !strings.Contains(errOut.String(), "imported 2 lines") {
		t.Errorf("no progress summary on stderr: %q", errOut.String())
	}
	if err := runImport(context.Background(), []string{"-preset", "nope", file}, &out, &errOut); !errors.Is(err, errUsage) {
		t.Errorf("unknown preset: %v, want a usage error", err)
	}
}

func TestBackupAndRestoreCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	file := filepath.Join(dir, "shop.crmkit.gz")
	var out, errOut bytes.Buffer
	if err := runBackup(ctx, []string{"-db", "memory", "-out", file}, &out, &errOut); err != nil {
		t.Fatalf("backup: %v", err)
	}
	if err := runRestore(ctx, []string{"-db", "memory", "-in", file}, &out, &errOut); err != nil {
		t.Fatalf("restore: %v", err)
	}
	if !strings.Contains(out.String(), "restored "+file) {
		t.Fatalf("output %q", out.String())
	}
	raw, _ := os.ReadFile(file)
	if err := os.WriteFile(file, raw[:len(raw)-4], 0o600); err != nil {
		t.Fatal(err)
	}
	err := runRestore(ctx, []string{"-db", "memory", "-in", file}, &out, &errOut)
	if err == nil || exitCode(err, &errOut) != exitError {
		t.Fatalf("truncated backup: %v", err)
	}
	if err := runBackup(ctx, []string{"-db", "memory"}, &out, &errOut); !errors.Is(err, errUsage) {
		t.Fatalf("backup without -out: %v", err)
	}
}

// TestImportNeedsDB: without -db the import refuses with a usage error
// rather than importing into a store that vanishes at exit.
func TestImportNeedsDB(t *testing.T) {
	var out, errOut bytes.Buffer
	err := runImport(context.Background(), []string{"some.csv"}, &out, &errOut)
	if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), "-db") {
		t.Fatalf("import without -db: got %v, want a usage error naming -db", err)
	}
}
