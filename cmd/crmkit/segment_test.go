package main

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// buyerFacts counts, straight from the store's orders, what the segment
// commands must agree with: each customer's sales orders and latest one.
func buyerFacts(t *testing.T, db string) (orders map[uuid.UUID]int, last map[uuid.UUID]time.Time) {
	t.Helper()
	st := openShop(t, db)
	orders, last = map[uuid.UUID]int{}, map[uuid.UUID]time.Time{}
	for o, err := range st.Orders(context.Background(), store.OrderFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		if o.Counts() {
			orders[o.CustomerID]++
			if o.PlacedAt.After(last[o.CustomerID]) {
				last[o.CustomerID] = o.PlacedAt
			}
		}
	}
	return orders, last
}

func TestSegmentRFMCountsAndMembers(t *testing.T) {
	db := sharedShop(t)
	orders, _ := buyerFacts(t, db)
	var out segmentOutput
	cliJSON(t, &out, "segment", "-db", db, "-json", "-q")
	if out.Customers != len(orders) || out.AsOf.Format(time.DateOnly) != "2026-11-01" {
		t.Errorf("%d customers as of %s; %d have orders, data end 2026-11-01", out.Customers, out.AsOf, len(orders))
	}
	sum, share, revenue := 0, 0.0, 0.0
	counts := map[string]int{}
	for _, s := range out.Segments {
		sum += s.Customers
		share += s.Share
		revenue += s.RevenueShare
		counts[s.Name] = s.Customers
	}
	if len(out.Segments) != 11 || sum != out.Customers || math.Abs(share-1) > 1e-9 || math.Abs(revenue-1) > 1e-9 {
		t.Errorf("%d segments adding to %d customers, shares %.6f, revenue shares %.6f", len(out.Segments), sum, share, revenue)
	}
	if counts["champions"] == 0 || counts["lost"] == 0 {
		t.Errorf("counts %v", counts)
	}

	var champs segmentOutput
	cliJSON(t, &champs, "segment", "-db", db, "-list", "champions", "-limit", "0", "-json", "-q")
	if *champs.Matches != counts["champions"] || len(champs.Members) != counts["champions"] {
		t.Fatalf("-list champions: %d matches, %d listed, segment count %d", *champs.Matches, len(champs.Members), counts["champions"])
	}
	for i, m := range champs.Members {
		r := m.RFM
		// The champions rule of segment.DefaultRules: R, F and M all 4-5.
		if r.R < 4 || r.F < 4 || r.M < 4 || r.Segment != "champions" || r.Frequency != orders[m.CustomerID] {
			t.Errorf("member %s: %+v with %d orders", m.CustomerID, r, orders[m.CustomerID])
		}
		if i > 0 && r.Monetary > champs.Members[i-1].RFM.Monetary {
			t.Errorf("members are not sorted by money at %d", i)
		}
		if m.Email == "" {
			t.Errorf("member %s has no e-mail", m.CustomerID)
		}
	}
	text := cliOK(t, "segment", "-db", db, "-list", "champions", "-limit", "2", "-q")
	if !strings.Contains(text, "(first 2 of ") || strings.Count(text, "\n") != 5 {
		t.Errorf("-limit 2 table:\n%s", text)
	}
	text = cliOK(t, "segment", "-db", db, "-q")
	if !strings.Contains(text, "champions ") || !strings.Contains(text, "RFM segments as of 2026-11-01") {
		t.Errorf("table:\n%s", text)
	}
	wantExit(t, exitUsage, "no such RFM segment", "segment", "-db", db, "-list", "vips")
	wantExit(t, exitUsage, "one of -list, -clusters and -query", "segment", "-db", db, "-list", "lost", "-clusters")
}

func TestSegmentQueries(t *testing.T) {
	db := sharedShop(t)
	orders, last := buyerFacts(t, db)
	asOf := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	wantFrequent, wantLapsed := 0, 0
	for id, n := range orders {
		if n >= 3 {
			wantFrequent++
			if last[id].Before(asOf.AddDate(0, 0, -90)) {
				wantLapsed++
			}
		}
	}
	var q segmentOutput
	cliJSON(t, &q, "segment", "-db", db, "-query", "orders >= 3", "-limit", "0", "-json", "-q")
	if *q.Matches != wantFrequent || len(q.Members) != wantFrequent {
		t.Errorf("orders >= 3: %d matches (%d listed), want %d", *q.Matches, len(q.Members), wantFrequent)
	}
	for _, m := range q.Members {
		if orders[m.CustomerID] < 3 {
			t.Errorf("%s matched with %d orders", m.CustomerID, orders[m.CustomerID])
		}
	}
	cliJSON(t, &q, "segment", "-db", db, "-query", "orders >= 3 AND last_order < -90d", "-limit", "5", "-json", "-q")
	if *q.Matches != wantLapsed || len(q.Members) != min(5, wantLapsed) || wantLapsed == 0 {
		t.Errorf("lapsed frequent buyers: %d matches (%d listed), want %d", *q.Matches, len(q.Members), wantLapsed)
	}

	// Queries on lifetime values agree with crmkit clv's predictions.
	var all clvOutput
	cliJSON(t, &all, "clv", "-db", db, "-top", "100000", "-json", "-q")
	wantDoubtful := 0
	for _, r := range all.Top {
		if r.PAlive < 0.5 {
			wantDoubtful++
		}
	}
	cliJSON(t, &q, "segment", "-db", db, "-query", "p_alive < 0.5", "-json", "-q")
	if *q.Matches != wantDoubtful || wantDoubtful == 0 {
		t.Errorf("p_alive < 0.5: %d matches, clv says %d", *q.Matches, wantDoubtful)
	}

	// Clusters: numbered by spend, and the query field cluster agrees.
	var cl segmentOutput
	cliJSON(t, &cl, "segment", "-db", db, "-clusters", "-k", "3", "-json", "-q")
	if cl.Clusters == nil || len(cl.Clusters.Profiles) != 3 {
		t.Fatalf("-k 3: %+v", cl.Clusters)
	}
	size := 0
	for i, p := range cl.Clusters.Profiles {
		size += p.Size
		if i > 0 && p.Monetary > cl.Clusters.Profiles[i-1].Monetary {
			t.Errorf("cluster %d spends more than cluster %d", i, i-1)
		}
	}
	if size != len(orders) {
		t.Errorf("clusters hold %d customers, %d have orders", size, len(orders))
	}
	cliJSON(t, &q, "segment", "-db", db, "-query", "cluster = 0", "-k", "3", "-json", "-q")
	if *q.Matches != cl.Clusters.Profiles[0].Size {
		t.Errorf("cluster = 0 matches %d, cluster 0 has %d", *q.Matches, cl.Clusters.Profiles[0].Size)
	}
	var chosen segmentOutput
	cliJSON(t, &chosen, "segment", "-db", db, "-clusters", "-json", "-q")
	if len(chosen.Clusters.Choices) != 7 {
		t.Errorf("k chosen from %d candidates, want 2..8", len(chosen.Clusters.Choices))
	}

	fields := cliOK(t, "segment", "-fields")
	for _, f := range []string{"rfm_segment", "last_order", "p_alive", "attr.KEY"} {
		if !strings.Contains(fields, f) {
			t.Errorf("-fields lacks %s", f)
		}
	}
	wantExit(t, exitUsage, "column 9", "segment", "-db", db, "-query", "orders >> 3")
	wantExit(t, exitUsage, "quote the -query", "segment", "-db", db, "orders", ">=", "3")
}
