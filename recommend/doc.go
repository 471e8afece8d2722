// Package recommend gives a shop collaborative-filtering recommendations it can train
// on its own orders and behaviour, serve in well under a millisecond, explain, update
// live and evaluate (see package recommend/eval).
//
// Interactions come from orders (FromOrders), behaviour events (FromBehavior) or any
// events (FromEvents, Builder), with per-kind weights, optional time decay and
// negative feedback, mapped from the shop's IDs to dense indices in a sparse matrix.
// Models — MostPop, SegmentPop, ItemKNN, RP3beta, EASE, implicit ALS and a Blend of
// them — share the Model interface; FBT mines "frequently bought together" pairs. A
// Recommender serves a model with cold-start fallbacks, catalogue filters, business
// rules, diversity and an explanation for every item:
//
//	in, err := recommend.FromOrders(orders, nil)
//	m, err := recommend.TrainEASE(ctx, in, nil)
//	r, err := recommend.NewRecommender(ctx, m, &recommend.RecommenderOptions{Products: catalogue})
//	recs, err := r.Recommend(customerID.String(), 10, recommend.ExcludeSeen())
//	for _, rec := range recs {
//		fmt.Println(rec.Item, rec.Reason.Text) // e.g. "p-17 bought with Kettle"
//	}
//
// Every trained model and the Recommender are safe for concurrent use; training runs
// on all cores (runtime.GOMAXPROCS) and is deterministic for the options' seed.
package recommend
