package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/crmkit/crmkit/privacy"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

func init() {
	register(&command{
		name:    "export",
		summary: "export everything held about a customer as one JSON document (GDPR Art. 15/20, CCPA)",
		run:     runExport,
	})
}

func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("crmkit export", stderr)
	usageFor(fs, stderr, "crmkit export [flags] ID|EMAIL|EXTERNAL-ID",
		"Writes everything the store holds about one customer — profile, consents, orders, returns,\n"+
			"events and audit records — as one JSON document ("+privacy.ExportSchema+").",
		"An erased customer is found by ID only; the export then holds the orders kept for legal retention.")
	db := fs.String("db", "crmkit-demo.db", dbFlagDoc)
	out := fs.String("out", "", "write the document to this file (mode 0600) instead of stdout")
	quiet := fs.Bool("q", false, "no summary on stderr")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return fmt.Errorf("%w: export needs one customer (ID, e-mail or external ID)", errUsage)
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	id, err := privacySubject(ctx, st, pos[0])
	if err != nil {
		return err
	}
	doc, err := privacy.Export(ctx, st, id)
	if err != nil {
		return err
	}
	if doc.Empty() {
		return fmt.Errorf("%w: the store holds nothing about customer %s", errNotFound, id)
	}
	if *out == "" {
		if err := doc.WriteJSON(stdout); err != nil {
			return err
		}
	} else if err := writePrivateFile(*out, doc.WriteJSON); err != nil {
		return err
	}
	if !*quiet {
		dest := "stdout"
		if *out != "" {
			dest = *out
		}
		profile := "profile"
		if doc.Profile == nil {
			profile = "no profile (erased)"
		}
		fmt.Fprintf(stderr, "exported customer %s to %s: %s, %d consents, %d orders, %d returns, %d events, %d audit records\n",
			id, dest, profile, len(doc.Consents), len(doc.Orders), len(doc.Returns), len(doc.Events), len(doc.Audit))
	}
	return st.Close()
}

// privacySubject resolves the customer of an export or erasure. A UUID is
// taken as it is even without a profile, since an erased customer's
// retained orders (and an erasure that failed half-way) are reached by ID.
func privacySubject(ctx context.Context, st store.Store, ref string) (uuid.UUID, error) {
	if id, err := uuid.Parse(ref); err == nil {
		return id, nil
	}
	c, err := findCustomer(ctx, st, ref)
	if err != nil {
		return uuid.Nil, err
	}
	return c.ID, nil
}

// writePrivateFile writes a file readable by its owner only, through a
// temporary file renamed into place, so a failed write leaves no partial
// document of personal data behind.
func writePrivateFile(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	err = tmp.Chmod(0o600)
	if err == nil {
		err = write(tmp)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
