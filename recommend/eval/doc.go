// Package eval measures recommendation quality the way the research literature does:
// split interactions into training and test parts, train a model on the first, rank
// every catalogue item the user has not interacted with in training, and score the
// top K against the held-out items.
//
//	train, test := eval.RandomPerUser(events, 0.2, 1)
//	in, _ := recommend.FromEvents(train, &recommend.BuildOptions{Binary: true})
//	m, _ := recommend.TrainEASE(ctx, in, nil)
//	res, _ := eval.Evaluate(ctx, m, test, 10)
//	fmt.Printf("NDCG@10 %.3f\n", res.NDCG)
package eval
