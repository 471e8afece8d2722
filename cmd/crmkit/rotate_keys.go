package main

import (
	"context"
	"fmt"
	"io"

	"github.com/crmkit/crmkit/internal/storeopen"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/encrypted"
)

func init() {
	register(&command{
		name:    "rotate-keys",
		summary: "re-encrypt every profile's personal data under the primary key of CRMKIT_PII_KEYS (and encrypt plaintext ones)",
		run:     runRotateKeys,
	})
}

func runRotateKeys(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("crmkit rotate-keys", stderr)
	usageFor(fs, stderr, "crmkit rotate-keys [flags]",
		"Rewrites every customer profile so that its e-mail, phone and addresses are encrypted under\n"+
			"the primary key and its e-mail indexed under the index key of "+piiKeysEnv+"; profiles\n"+
			"written before encryption was enabled are encrypted. Old keys listed as old/oldindex are\n"+
			"needed until the run has finished; afterwards they can be dropped from "+piiKeysEnv+".\n"+
			"When profiles are encrypted for the first time, the audit journal's payloads (which held\n"+
			"them in plaintext) are scrubbed, keeping their digests, and the database file is rebuilt.",
		piiKeysEnv+" holds comma-separated ROLE:ID:SECRET entries (ROLE primary, old, index or\n"+
			"oldindex; SECRET 32 bytes as 64 hex digits), e.g. primary:k2:…,old:k1:…,index:i1:….\n"+
			"Every command that opens a store encrypts with these keys when the variable is set.\n"+
			"The run is resumable: -after takes the cursor a stopped run printed.")
	db := fs.String("db", "crmkit-demo.db", dbFlagDoc)
	after := fs.String("after", "", "resume after this cursor (printed by an interrupted run)")
	noCompact := fs.Bool("no-compact", false, "skip rebuilding the database file afterwards (the old plaintext or ciphertext then lingers in its free pages)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	quiet := fs.Bool("q", false, "no progress on stderr")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return fmt.Errorf("%w: rotate-keys takes no arguments, got %q", errUsage, fs.Args())
	}
	opts, err := piiOptions(true)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if opts == nil {
		return fmt.Errorf("%w: set %s to the keyring (see crmkit rotate-keys -h)", errUsage, piiKeysEnv)
	}
	// The backend itself, for the journal scrub below; st encrypts over it.
	raw, err := storeopen.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer raw.Close()
	st, err := encrypted.Wrap(raw, opts.Keys, &encrypted.Options{AllowPlaintext: true})
	if err != nil {
		return err
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		return err
	}
	b := newBar(stderr, *quiet, "rotate-keys")
	rep, err := encrypted.Rotate(ctx, st, &encrypted.RotateOptions{
		After:    *after,
		Progress: func(r encrypted.RotateReport) { b.Update(r.Scanned, int(stats.Customers)) },
	})
	b.Finish()
	if err != nil {
		if rep.Cursor != "" {
			fmt.Fprintf(stderr, "stopped: resume with -after %s\n", rep.Cursor)
		}
		return err
	}
	// Payloads the journal recorded before encryption hold the plaintext:
	// scrub every payload up to now (their digests stay, so the audit chain
	// still verifies; payloads recorded from here on are ciphertext).
	scrubbed := 0
	if rep.Encrypted > 0 {
		j, jok := raw.(store.Journal)
		sc, sok := raw.(store.PayloadScrubber)
		if !jok || !sok {
			fmt.Fprintln(stderr, "warning: the store cannot scrub its journal payloads; plaintext recorded before encryption stays there")
		} else {
			head, _, err := j.JournalHead(ctx)
			if err != nil {
				return err
			}
			if scrubbed, err = sc.ScrubPayloads(ctx, head); err != nil {
				return fmt.Errorf("rotate-keys: scrubbing the plaintext audit payloads: %w", err)
			}
		}
	}
	// The rewritten profiles' old bytes stay in the database file's free
	// pages until it is rebuilt.
	if c, ok := st.(interface{ Compact(context.Context) error }); ok && !*noCompact && rep.Rewritten > 0 {
		if err := c.Compact(ctx); err != nil {
			return fmt.Errorf("rotate-keys: rebuilding the database file: %w", err)
		}
	}
	if *asJSON {
		if err := encodeJSON(stdout, rep); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(stdout, "%d profiles read: %d already current, %d rewritten (%d re-encrypted, %d re-indexed, %d encrypted for the first time)\n",
			rep.Scanned, rep.Current, rep.Rewritten, rep.Reencrypted, rep.Reindexed, rep.Encrypted)
		if scrubbed > 0 {
			fmt.Fprintf(stdout, "%d audit records scrubbed of the plaintext they held (digests kept)\n", scrubbed)
		}
		if len(rep.Conflicts) > 0 {
			fmt.Fprintf(stdout, "%d profiles share an e-mail with another and stay under the old index key until merged: %v\n", len(rep.Conflicts), rep.Conflicts)
		}
	}
	return st.Close()
}
