package audit_test

import (
	"context"
	"os"
	"testing"

	"github.com/crmkit/crmkit/audit"
	"github.com/crmkit/crmkit/store/postgres/pgtest"
	"github.com/jackc/pgx/v5"
)

// TestVerifyPostgres tampers with a PostgreSQL journal through its own
// connection. There the head lives in a table of its own, so a deleted last
// change is caught even without an anchor (unless the head is rewritten too,
// which the anchor then catches).
func TestVerifyPostgres(t *testing.T) {
	cases := []struct {
		name      string
		sql       []string
		reason    audit.Reason
		brokenSeq int64
	}{
		{"intact", nil, "", 0},
		{"altered actor", []string{`UPDATE journal SET actor = 'mallory' WHERE seq = 3`}, audit.ReasonHash, 3},
		{"deleted middle row", []string{`DELETE FROM journal WHERE seq = 6`}, audit.ReasonGap, 6},
		{"deleted last row", []string{`DELETE FROM journal WHERE seq = 10`}, audit.ReasonHead, 10},
		{"deleted last row and head moved back", []string{
			`DELETE FROM journal WHERE seq = 10`,
			`UPDATE journal_head SET seq = 9, hash = (SELECT hash FROM journal WHERE seq = 9)`,
		}, audit.ReasonAnchor, 10},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st := pgtest.Open(t)
			shop(t, st)
			ctx := context.Background()
			head, err := audit.Head(ctx, st)
			must(t, err)
			cfg, err := pgx.ParseConfig(os.Getenv("CRMKIT_POSTGRES_DSN"))
			must(t, err)
			cfg.RuntimeParams["search_path"] = st.Schema()
			conn, err := pgx.ConnectConfig(ctx, cfg)
			must(t, err)
			defer conn.Close(ctx)
			for _, s := range tc.sql {
				if _, err := conn.Exec(ctx, s); err != nil {
					t.Fatalf("%s: %v", s, err)
				}
			}
			rep := verify(t, st, &audit.VerifyOptions{Anchor: head})
			if tc.reason == "" {
				if !rep.OK || rep.Verified != 10 {
					t.Fatalf("intact journal: %+v", rep)
				}
				return
			}
			if rep.OK || rep.Reason != tc.reason || rep.BrokenSeq != tc.brokenSeq {
				t.Fatalf("got %+v, want reason %q at change %d", rep, tc.reason, tc.brokenSeq)
			}
			if tc.reason == audit.ReasonHead {
				// Without the anchor too.
				if rep := verify(t, st, nil); rep.OK || rep.Reason != audit.ReasonHead {
					t.Fatalf("without an anchor: %+v", rep)
				}
			}
		})
	}
}
