package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/segment"
	"github.com/crmkit/crmkit/segment/segmentstore"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

func init() {
	register(&command{
		name:    "segment",
		summary: "RFM segments, k-means clusters and rule queries over the store's customers",
		run:     runSegment,
	})
}

const segmentNotes = `modes (one at a time):
  crmkit segment                      customers per RFM segment
  crmkit segment -list at_risk        the members of one RFM segment
  crmkit segment -clusters [-k 4]     k-means clusters on log recency, frequency and spend
  crmkit segment -query 'Q'           the customers a query matches, e.g.
      -query "orders >= 3 AND last_order < -90d AND rfm_segment IN ('at_risk', 'cant_lose')"
      -query "tags CONTAINS 'vip' AND NOT email_consent"
      -query "p_alive < 0.5 AND clv > 200"        (fits the lifetime-value models first)
  crmkit segment -fields              the fields a query can use

Relative dates in queries (-90d, -6m) count back from -as-of.`

// segmentOutput is the -json output of crmkit segment; the parts of the
// other modes are left out.
type segmentOutput struct {
	AsOf      time.Time            `json:"as_of"`
	Customers int                  `json:"customers"` // with at least one order
	Segments  []segmentCount       `json:"segments,omitempty"`
	Segment   string               `json:"segment,omitempty"`
	Query     string               `json:"query,omitempty"`
	Matches   *int                 `json:"matches,omitempty"`
	Members   []segmentMember      `json:"members,omitempty"`
	Clusters  *segment.RFMClusters `json:"clusters,omitempty"`
}

// segmentCount is one RFM segment's size.
type segmentCount struct {
	Name         string  `json:"name"`
	Description  string  `json:"description"`
	Customers    int     `json:"customers"`
	Share        float64 `json:"share"`
	Monetary     float64 `json:"monetary"`      // money kept from the members
	RevenueShare float64 `json:"revenue_share"` // of all customers' money
}

// segmentMember is one listed customer, with its RFM score when known.
type segmentMember struct {
	CustomerID uuid.UUID      `json:"customer_id"`
	ExternalID string         `json:"external_id,omitempty"`
	Name       string         `json:"name,omitempty"`
	Email      string         `json:"email,omitempty"`
	RFM        *segment.Score `json:"rfm,omitempty"`
}

func runSegment(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("crmkit segment", stderr)
	usageFor(fs, stderr, "crmkit segment [flags]",
		"Segments the store's customers: RFM scores with named segments, k-means clusters, or a query.", segmentNotes)
	db := fs.String("db", "crmkit-demo.db", dbFlagDoc)
	list := fs.String("list", "", "list the members of this RFM segment (e.g. champions, at_risk)")
	clusters := fs.Bool("clusters", false, "cluster customers by k-means on log RFM")
	k := fs.Int("k", 0, "number of clusters for -clusters and the query field cluster (0: chosen by silhouette, 2..8)")
	query := fs.String("query", "", "list the customers matching this query (see -fields)")
	fields := fs.Bool("fields", false, "list the fields a query can use")
	limit := fs.Int("limit", 20, "members to list (0: all)")
	asOf := fs.String("as-of", "", "measure recency and relative dates to this day (default: the day after the latest order)")
	asJSON := fs.Bool("json", false, "print JSON")
	quiet := fs.Bool("q", false, "no progress on stderr")
	clvSettings := addCLVFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return fmt.Errorf("%w: segment takes no arguments (quote the -query)", errUsage)
	}
	if *fields {
		return printQueryFields(stdout, *asJSON)
	}
	modes := 0
	for _, on := range []bool{*list != "", *clusters || (*k > 0 && *query == ""), *query != ""} {
		if on {
			modes++
		}
	}
	if modes > 1 {
		return fmt.Errorf("%w: use one of -list, -clusters and -query at a time", errUsage)
	}
	if *limit < 0 || *k < 0 || *k == 1 {
		return fmt.Errorf("%w: -limit must be 0 or more and -k 0 or at least 2", errUsage)
	}
	if *list != "" && !slices.ContainsFunc(segment.DefaultRules(), func(r segment.Rule) bool { return r.Name == *list }) {
		return fmt.Errorf("%w: -list %q: no such RFM segment (%s)", errUsage, *list, strings.Join(rfmSegmentNames(), ", "))
	}
	var q *segment.Query
	if *query != "" {
		var err error
		if q, err = segment.ParseQuery(*query); err != nil {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
	}
	cs, err := clvSettings()
	if err != nil {
		return err
	}

	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	at, err := asOfOrEnd(ctx, st, *asOf)
	if err != nil {
		return err
	}
	recs, err := segmentstore.Records(ctx, st, store.SummaryFilter{Until: at})
	if err != nil {
		return err
	}
	out := segmentOutput{AsOf: at, Customers: len(recs)}
	switch {
	case q != nil:
		cs.asOf = at
		err = runSegmentQuery(ctx, st, q, recs, cs, *k, *limit, *quiet, stderr, &out)
	case *clusters || *k > 0:
		b := newBar(stderr, *quiet, "clustering")
		b.Update(0, 1)
		out.Clusters, err = segment.ClusterRFM(ctx, recs, &segment.RFMClusterOptions{K: *k, AsOf: at})
		b.Update(1, 1)
		b.Finish()
	default:
		err = rfmSegments(ctx, st, recs, *list, *limit, &out)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		return encodeJSON(stdout, out)
	}
	printSegmentOutput(stdout, out, *limit)
	return st.Close()
}

// rfmSegments scores recs and fills out with the segment sizes or, with
// list, the segment's members.
func rfmSegments(ctx context.Context, st store.Store, recs []segment.Record, list string, limit int, out *segmentOutput) error {
	res, err := segment.RFM(recs, segment.RFMOptions{AsOf: out.AsOf})
	if err != nil {
		return err
	}
	if list == "" {
		total := 0.0
		for _, s := range res.Scores {
			total += s.Monetary
		}
		at := map[string]int{}
		for i, r := range segment.DefaultRules() {
			out.Segments = append(out.Segments, segmentCount{Name: r.Name, Description: r.Description})
			at[r.Name] = i
		}
		for _, s := range res.Scores {
			i, ok := at[s.Segment]
			if !ok { // SegmentOther: only custom rules leave gaps
				i = len(out.Segments)
				out.Segments = append(out.Segments, segmentCount{Name: s.Segment})
				at[s.Segment] = i
			}
			out.Segments[i].Customers++
			out.Segments[i].Monetary += s.Monetary
		}
		for i := range out.Segments {
			c := &out.Segments[i]
			c.Share = float64(c.Customers) / float64(len(res.Scores))
			if total > 0 {
				c.RevenueShare = c.Monetary / total
			}
		}
		return nil
	}
	out.Segment = list
	var members []segment.Score
	for _, s := range res.Scores {
		if s.Segment == list {
			members = append(members, s)
		}
	}
	// Best first: the most money, then the most recent.
	slices.SortStableFunc(members, func(a, b segment.Score) int {
		switch {
		case a.Monetary != b.Monetary:
			if a.Monetary > b.Monetary {
				return -1
			}
			return 1
		case a.RecencyDays != b.RecencyDays:
			if a.RecencyDays < b.RecencyDays {
				return -1
			}
			return 1
		}
		return store.CompareIDs(a.CustomerID, b.CustomerID)
	})
	n := len(members)
	out.Matches = &n
	if limit > 0 && len(members) > limit {
		members = members[:limit]
	}
	out.Members = []segmentMember{}
	for i := range members {
		m := segmentMember{CustomerID: members[i].CustomerID, RFM: &members[i]}
		if c, err := st.GetCustomer(ctx, m.CustomerID); err == nil {
			m.ExternalID, m.Name, m.Email = c.ExternalID, c.Name(), c.Email
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		out.Members = append(out.Members, m)
	}
	return nil
}

// runSegmentQuery evaluates q over the store, computing the clusters and
// lifetime values first when the query reads them.
func runSegmentQuery(ctx context.Context, st store.Store, q *segment.Query, recs []segment.Record, cs clvSettings, k, limit int, quiet bool, stderr io.Writer, out *segmentOutput) error {
	opt := &segmentstore.Options{Now: out.AsOf, Summary: store.SummaryFilter{Until: out.AsOf}}
	fields := q.Fields()
	if slices.Contains(fields, "cluster") {
		b := newBar(stderr, quiet, "clustering")
		b.Update(0, 1)
		cl, err := segment.ClusterRFM(ctx, recs, &segment.RFMClusterOptions{K: k, AsOf: out.AsOf})
		if err != nil {
			return err
		}
		b.Update(1, 1)
		b.Finish()
		opt.Clusters = make(map[uuid.UUID]int, len(cl.CustomerIDs))
		for i, id := range cl.CustomerIDs {
			opt.Clusters[id] = cl.Labels[i]
		}
		out.Clusters = cl
	}
	if slices.ContainsFunc(fields, func(f string) bool {
		return f == "clv" || f == "p_alive" || f == "expected_purchases" || f == "expected_aov"
	}) {
		fit, err := fitCLV(ctx, st, cs, newBar(stderr, quiet, "reading orders"))
		if err != nil {
			return err
		}
		opt.CLV = fit.segmentFacts()
	}
	out.Query = q.String()
	out.Members = []segmentMember{}
	n := 0
	var matched []customer.Customer
	for c, err := range segmentstore.Members(ctx, st, q, opt) {
		if err != nil {
			return err
		}
		n++
		if limit == 0 || len(matched) < limit {
			matched = append(matched, c)
		}
	}
	out.Matches = &n
	for _, c := range matched {
		out.Members = append(out.Members, segmentMember{CustomerID: c.ID, ExternalID: c.ExternalID, Name: c.Name(), Email: c.Email})
	}
	return nil
}

func printSegmentOutput(w io.Writer, out segmentOutput, limit int) {
	switch {
	case out.Query != "":
		fmt.Fprintf(w, "query %s\nas of %s: %d customers match\n", out.Query, day(out.AsOf), *out.Matches)
		printMembers(w, out, limit)
	case out.Segment != "":
		fmt.Fprintf(w, "RFM segment %s as of %s: %d of %d customers\n", out.Segment, day(out.AsOf), *out.Matches, out.Customers)
		printMembers(w, out, limit)
	case out.Clusters != nil:
		cl := out.Clusters
		fmt.Fprintf(w, "k-means on log recency, frequency and spend as of %s: %d customers, k = %d", day(out.AsOf), out.Customers, len(cl.Profiles))
		if len(cl.Choices) > 0 {
			fmt.Fprint(w, " (chosen by silhouette:")
			for _, c := range cl.Choices {
				fmt.Fprintf(w, " k=%d %.3f", c.K, c.Silhouette)
			}
			fmt.Fprint(w, ")")
		}
		fmt.Fprintln(w)
		tw := newTable(w)
		fmt.Fprintln(tw, "CLUSTER\tCUSTOMERS\tSHARE\tRECENCY (DAYS)\tORDERS\tSPEND\tREVENUE SHARE\tDESCRIPTION")
		for _, p := range cl.Profiles {
			fmt.Fprintf(tw, "%d\t%d\t%.1f%%\t%.0f\t%.1f\t%.2f\t%.1f%%\t%s\n", p.Cluster, p.Size, 100*p.Share,
				p.RecencyDays, p.Frequency, p.Monetary, 100*p.RevenueShare, p.Description)
		}
		tw.Flush()
	default:
		fmt.Fprintf(w, "RFM segments as of %s: %d customers with orders\n", day(out.AsOf), out.Customers)
		tw := newTable(w)
		fmt.Fprintln(tw, "SEGMENT\tCUSTOMERS\tSHARE\tREVENUE SHARE\tWHO")
		for _, s := range out.Segments {
			fmt.Fprintf(tw, "%s\t%d\t%.1f%%\t%.1f%%\t%s\n", s.Name, s.Customers, 100*s.Share, 100*s.RevenueShare, s.Description)
		}
		tw.Flush()
	}
}

func printMembers(w io.Writer, out segmentOutput, limit int) {
	if len(out.Members) == 0 {
		return
	}
	tw := newTable(w)
	if out.Segment != "" {
		fmt.Fprintln(tw, "ID\tNAME\tE-MAIL\tR F M\tDAYS SINCE\tORDERS\tMONEY")
		for _, m := range out.Members {
			r := m.RFM
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d %d %d\t%.0f\t%d\t%.2f\n", m.CustomerID, dash(m.Name), dash(m.Email), r.R, r.F, r.M, r.RecencyDays, r.Frequency, r.Monetary)
		}
	} else {
		fmt.Fprintln(tw, "ID\tEXTERNAL ID\tNAME\tE-MAIL")
		for _, m := range out.Members {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", m.CustomerID, dash(m.ExternalID), dash(m.Name), dash(m.Email))
		}
	}
	tw.Flush()
	if limit > 0 && *out.Matches > limit {
		fmt.Fprintf(w, "(first %d of %d; -limit 0 lists all)\n", limit, *out.Matches)
	}
}

func printQueryFields(w io.Writer, asJSON bool) error {
	fields := segment.QueryFields()
	if asJSON {
		return encodeJSON(w, fields)
	}
	tw := newTable(w)
	fmt.Fprintln(tw, "FIELD\tTYPE\tMEANING")
	for _, f := range fields {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", f.Name, f.Type, f.Doc)
	}
	fmt.Fprintln(tw, "attr.KEY\tstring\tthe customer's attribute KEY")
	return tw.Flush()
}

func rfmSegmentNames() []string {
	var names []string
	for _, r := range segment.DefaultRules() {
		names = append(names, r.Name)
	}
	return names
}
