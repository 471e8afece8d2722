// Package segment answers "who are our customers?": RFM scores with named
// segments, k-means clustering with feature preparation and a choice of k
// by silhouette, and a small query language for defining segments.
//
// It works on plain values (Record, gonum matrices, Facts) and never on a
// store; FromOrders and OrderFactsFromOrders adapt domain orders, and
// package segment/segmentstore scans a store.
//
//	recs := segment.FromOrders(orders, time.Time{})
//	res, err := segment.RFM(recs, segment.RFMOptions{AsOf: today})
//	sizes := res.SegmentSizes()                      // map["champions"]=..., ["at_risk"]=...
//
//	cl, err := segment.ClusterRFM(ctx, recs, nil)     // k chosen by silhouette
//	for _, p := range cl.Profiles { fmt.Println(p.Description) }
//
//	q, err := segment.ParseQuery(`orders >= 3 AND last_order < -90d AND rfm_segment = 'at_risk'`)
//	if q.Match(&segment.Facts{Customer: &c, Orders: of, RFM: &score}, time.Now()) { ... }
package segment
