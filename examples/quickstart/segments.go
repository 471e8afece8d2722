package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/crmkit/crmkit/clv"
	"github.com/crmkit/crmkit/segment"
	"github.com/crmkit/crmkit/segment/segmentstore"
	"github.com/crmkit/crmkit/store"
)

// printSegments prints RFM segment sizes, k-means clusters with their
// descriptions, and a segment query evaluated over the store.
func printSegments(ctx context.Context, st store.Store, asOf time.Time, w io.Writer) error {
	recs, err := segmentstore.Records(ctx, st, store.SummaryFilter{Until: asOf})
	if err != nil {
		return err
	}
	rfm, err := segment.RFM(recs, segment.RFMOptions{AsOf: asOf})
	if err != nil {
		return err
	}
	sizes := rfm.SegmentSizes()
	fmt.Fprintf(w, "== Segments (RFM as of %s, %d customers with orders)\n", asOf.Format("2006-01-02"), len(recs))
	for _, r := range segment.DefaultRules() {
		fmt.Fprintf(w, "  %-19s %5d\n", r.Name, sizes[r.Name])
	}
	cl, err := segment.ClusterRFM(ctx, recs, &segment.RFMClusterOptions{AsOf: asOf})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "k-means on log RFM (k = %d chosen by silhouette):\n", len(cl.Profiles))
	for _, p := range cl.Profiles {
		fmt.Fprintf(w, "  cluster %d: %s\n", p.Cluster, p.Description)
	}
	const query = `orders >= 3 AND last_order < -90d AND rfm_segment IN ('at_risk', 'cant_lose')`
	q, err := segment.ParseQuery(query)
	if err != nil {
		return err
	}
	n, err := segmentstore.Count(ctx, st, []*segment.Query{q}, &segmentstore.Options{Now: asOf})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Query %s\n  matches %d customers\n\n", query, n[0])
	return nil
}

// printCLV fits BG/NBD and Gamma-Gamma to the order history and prints the
// customers with the highest predicted value over the next year.
func printCLV(ctx context.Context, st store.Store, asOf time.Time, w io.Writer) error {
	orders, _, err := store.Collect(st.Orders(ctx, store.OrderFilter{Until: asOf}), 0, store.OrderCursor)
	if err != nil {
		return err
	}
	ss, err := clv.Summaries(orders, &clv.SummaryOptions{ObservationEnd: asOf})
	if err != nil {
		return err
	}
	bg, err := clv.FitBGNBD(ctx, ss, nil)
	if err != nil {
		return err
	}
	gg, err := clv.FitGammaGamma(ctx, ss, nil)
	if err != nil {
		return err
	}
	vals, err := clv.Values(bg, gg, ss, clv.ValueOptions{Horizon: 52, Periods: 12, DiscountRate: 0.01})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "== Customer lifetime value (BG/NBD + Gamma-Gamma, next 52 weeks, 1%%/month discount)\n")
	fmt.Fprintf(w, "Fitted on %d customers: BG/NBD r=%.3f α=%.2f a=%.3f b=%.3f; Gamma-Gamma p=%.2f q=%.2f v=%.1f\n",
		len(ss), bg.R, bg.Alpha, bg.A, bg.B, gg.P, gg.Q, gg.V)
	for _, v := range clv.TopValues(vals, 5) {
		c, err := st.GetCustomer(ctx, v.CustomerID)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  %-22s CLV %8.2f  (%.1f expected orders × %.2f, P(alive) %.2f)\n",
			c.Name(), v.CLV, v.ExpectedPurchases, v.ExpectedAOV, v.PAlive)
	}
	fmt.Fprintln(w)
	return nil
}
