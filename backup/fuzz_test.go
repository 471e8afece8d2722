package backup_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"testing"

	"github.com/crmkit/crmkit/backup"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
)

// FuzzRead feeds arbitrary uncompressed contents to Read (gzipped, so the
// fuzzer reaches the JSON Lines checks): it must never panic, and anything
// it rejects must be ErrCorrupt or ErrVersion.
//
//	go test ./backup -run '^$' -fuzz FuzzRead -fuzztime 300000x
//
// (A count, not a duration: with Go 1.26 a duration can end in a spurious
// "context deadline exceeded" on a loaded machine, golang/go#75804.)
func FuzzRead(f *testing.F) {
	var good bytes.Buffer
	st := memory.New()
	if _, err := store.Load(context.Background(), st, fixture(), store.ConflictFail); err != nil {
		f.Fatal(err)
	}
	if _, err := backup.Backup(context.Background(), st, &good); err != nil {
		f.Fatal(err)
	}
	zr, err := gzip.NewReader(&good)
	if err != nil {
		f.Fatal(err)
	}
	var plain bytes.Buffer
	plain.ReadFrom(zr)
	f.Add(plain.Bytes())
	f.Add([]byte(`{"kind":"header","format":"crmkit-backup","version":1,"counts":{"customers":1}}` + "\n" +
		`{"kind":"customer","record":{"external_id":"x"}}` + "\n" + `{"kind":"trailer","counts":{"customers":1},"sha256":""}` + "\n"))
	f.Fuzz(func(t *testing.T, contents []byte) {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(contents)
		zw.Close()
		_, _, err := backup.Read(context.Background(), &buf)
		if err != nil && !errors.Is(err, backup.ErrCorrupt) && !errors.Is(err, backup.ErrVersion) {
			t.Fatalf("error %v is neither ErrCorrupt nor ErrVersion", err)
		}
	})
}
