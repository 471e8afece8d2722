package recommend_test

import (
	"context"
	"fmt"

	"github.com/crmkit/crmkit/recommend"
)

// exampleEvents is a small shop: coffee people and tea people, with a grinder bought
// alongside coffee.
func exampleEvents() []recommend.Event {
	var ev []recommend.Event
	buy := func(user string, items ...string) {
		for _, it := range items {
			ev = append(ev, recommend.Event{User: user, Item: it, Kind: recommend.KindPurchase})
		}
	}
	buy("ann", "espresso", "grinder", "moka-pot")
	buy("bob", "espresso", "grinder", "milk-frother")
	buy("cy", "espresso", "moka-pot", "milk-frother")
	buy("dee", "green-tea", "teapot")
	buy("eve", "green-tea", "teapot", "tea-cups")
	buy("fay", "espresso")
	return ev
}

func ExampleTrainItemKNN() {
	ctx := context.Background()
	in, _ := recommend.FromEvents(exampleEvents(), &recommend.BuildOptions{Binary: true})
	m, _ := recommend.TrainItemKNN(ctx, in, &recommend.KNNOptions{K: 10, Shrink: -1})
	recs, _ := m.Recommend("fay", 3, recommend.ExcludeSeen())
	for _, r := range recs {
		fmt.Printf("%s %.3f\n", r.Item, r.Score)
	}
	// Output:
	// grinder 0.707
	// moka-pot 0.707
	// milk-frother 0.707
}

func ExampleRecommender_Recommend() {
	ctx := context.Background()
	in, _ := recommend.FromEvents(exampleEvents(), &recommend.BuildOptions{Binary: true})
	m, _ := recommend.TrainEASE(ctx, in, &recommend.EASEOptions{Lambda: 1})
	fbt, _ := recommend.TrainFBT(ctx, [][]string{{"espresso", "grinder"}, {"espresso", "grinder", "moka-pot"}, {"green-tea", "teapot"}}, nil)
	r, _ := recommend.NewRecommender(ctx, m, &recommend.RecommenderOptions{
		FBT:   fbt,
		Names: map[string]string{"espresso": "Espresso beans", "green-tea": "Sencha"},
		Products: []recommend.Product{
			{ID: "espresso", Category: "coffee", Active: true}, {ID: "grinder", Category: "coffee", Active: true},
			{ID: "moka-pot", Category: "coffee", Active: true}, {ID: "milk-frother", Category: "coffee", Active: false},
			{ID: "green-tea", Category: "tea", Active: true}, {ID: "teapot", Category: "tea", Active: true},
			{ID: "tea-cups", Category: "tea", Active: true},
		},
	})
	show := func(user string) {
		recs, _ := r.Recommend(user, 2, recommend.ExcludeSeen())
		for _, rec := range recs {
			fmt.Printf("%s: %s (%s)\n", user, rec.Item, rec.Reason.Text)
		}
	}
	show("fay")      // bought espresso only; the frother is inactive
	show("newcomer") // no history: trending items
	_ = r.AddEvents("newcomer", recommend.Event{User: "newcomer", Item: "green-tea", Kind: recommend.KindView})
	show("newcomer") // one fresh view, folded in without retraining
	// Output:
	// fay: grinder (bought with Espresso beans)
	// fay: moka-pot (because you liked Espresso beans)
	// newcomer: espresso (trending in the shop)
	// newcomer: grinder (trending in the shop)
	// newcomer: teapot (because you liked Sencha)
	// newcomer: tea-cups (because you liked Sencha)
}
