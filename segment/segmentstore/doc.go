// Package segmentstore runs segment queries and RFM over a store.Store by
// scanning it. It is the bridge between the store and the segment engine,
// which never imports the store.
//
//	q, err := segment.ParseQuery("orders >= 3 AND rfm_segment = 'at_risk'")
//	for c, err := range segmentstore.Members(ctx, st, q, nil) { ... }
package segmentstore
