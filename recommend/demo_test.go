package recommend_test

import (
	"context"
	"slices"
	"testing"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/recommend"
)

// TestDemoShopPlantedTaste trains on the demo shop's orders and behaviour and checks
// that recommendations recover the preferred categories the generator planted in
// each customer (60 % of their order lines come from two of eight categories).
func TestDemoShopPlantedTaste(t *testing.T) {
	if raceEnabled {
		t.Skip("quality check skipped under -race; run without -race")
	}
	shop, err := demo.Generate(nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var events []behavior.Event
	for _, e := range shop.Events {
		if e.Kind != behavior.KindPurchase { // purchases come from the orders
			events = append(events, e)
		}
	}
	in, err := recommend.FromBehavior(events, shop.Orders, &recommend.OrderOptions{Products: shop.Products})
	if err != nil {
		t.Fatal(err)
	}
	catOf := map[string]string{}
	for _, p := range shop.Products {
		catOf[p.ID] = p.Category
	}
	pop, _ := recommend.TrainMostPop(ctx, in, nil)
	als, err := recommend.TrainALS(ctx, in, &recommend.ALSOptions{Factors: 32, Iterations: 10, Alpha: 2, Lambda: 5})
	if err != nil {
		t.Fatal(err)
	}
	knn, _ := recommend.TrainItemKNN(ctx, in, nil)
	share := func(m interface {
		Recommend(string, int, ...recommend.Filter) ([]recommend.Scored, error)
	}) float64 {
		var hit, total int
		for id, lat := range shop.Truth.Customers {
			recs, err := m.Recommend(id.String(), 10, recommend.ExcludeSeen())
			if err != nil {
				continue // customers without orders or events
			}
			for _, r := range recs {
				total++
				if slices.Contains(lat.Categories, catOf[r.Item]) {
					hit++
				}
			}
		}
		return float64(hit) / float64(total)
	}
	sp, sa, sk := share(pop), share(als), share(knn)
	t.Logf("share of top-10 in the customer's planted categories: mostpop %.3f, als %.3f, itemknn %.3f", sp, sa, sk)
	// two of eight categories: picking items at random would land about a quarter
	// of the time in them
	if sa < 0.45 || sk < 0.45 || sa < sp+0.15 || sk < sp+0.15 {
		t.Errorf("personal models do not recover planted taste: mostpop %.3f, als %.3f, itemknn %.3f", sp, sa, sk)
	}
}
