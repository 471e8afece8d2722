package eval_test

import (
	"context"
	"fmt"

	"github.com/crmkit/crmkit/recommend"
	"github.com/crmkit/crmkit/recommend/eval"
)

func ExampleScoreList() {
	relevant := map[string]bool{"b": true, "d": true, "x": true}
	m := eval.ScoreList([]string{"a", "b", "c", "d", "e"}, relevant, 5)
	fmt.Printf("P %.3f R %.3f NDCG %.3f MRR %.3f\n", m.Precision, m.Recall, m.NDCG, m.RR)
	// Output:
	// P 0.400 R 0.667 NDCG 0.498 MRR 0.500
}

func ExampleEvaluate() {
	var events []recommend.Event
	for u := 0; u < 30; u++ {
		// even users like items 0-9, odd users items 10-19
		for i := 0; i < 10; i++ {
			events = append(events, recommend.Event{User: fmt.Sprint("u", u), Item: fmt.Sprint("i", (u%2)*10+i)})
		}
	}
	train, test := eval.RandomPerUser(events, 0.2, 1)
	in, _ := recommend.FromEvents(train, &recommend.BuildOptions{Binary: true})
	ctx := context.Background()
	pop, _ := recommend.TrainMostPop(ctx, in, nil)
	ease, _ := recommend.TrainEASE(ctx, in, nil)
	for _, m := range []recommend.Model{pop, ease} {
		res, _ := eval.Evaluate(ctx, m, test, 2)
		fmt.Printf("%-8s HR@2 %.2f over %d users\n", m.Name(), res.HitRate, res.Users)
	}
	// Output:
	// mostpop  HR@2 0.07 over 30 users
	// ease     HR@2 1.00 over 30 users
}
