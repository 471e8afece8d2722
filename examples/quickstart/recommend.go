package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/recommend"
	"github.com/crmkit/crmkit/store"
)

// printRecommendations trains EASE on purchases and browsing, serves it with
// frequently-bought-together explanations and category diversity, and shows
// three customers — a loyal one, a new one and a visitor never seen — their
// top five with the reason for each.
func printRecommendations(ctx context.Context, st store.Store, shop *demo.Shop, asOf time.Time, w io.Writer) error {
	orders, _, err := store.Collect(st.Orders(ctx, store.OrderFilter{Until: asOf}), 0, store.OrderCursor)
	if err != nil {
		return err
	}
	events, _, err := store.Collect(st.Events(ctx, store.EventFilter{
		Until: asOf,
		Kinds: []behavior.Kind{behavior.KindView, behavior.KindAddToCart, behavior.KindWishlist, behavior.KindReview},
	}), 0, store.EventCursor)
	if err != nil {
		return err
	}
	products, _, err := store.Collect(st.Products(ctx, store.ProductFilter{}), 0, store.ProductCursor)
	if err != nil {
		return err
	}
	t0 := time.Now()
	in, err := recommend.FromBehavior(events, orders, &recommend.OrderOptions{Products: products})
	if err != nil {
		return err
	}
	model, err := recommend.TrainEASE(ctx, in, nil)
	if err != nil {
		return err
	}
	fbt, err := recommend.TrainFBT(ctx, recommend.Baskets(orders), nil)
	if err != nil {
		return err
	}
	catalogue, names := recommend.CatalogFrom(products)
	rec, err := recommend.NewRecommender(ctx, model, &recommend.RecommenderOptions{
		Products: catalogue, Names: names, FBT: fbt, Diversity: 0.3,
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "== Recommendations (EASE on %d orders and %d browsing events, trained in %s)\n", len(orders), len(events), elapsed(t0))

	pick := func(t demo.CustomerType) (string, string) {
		for _, c := range shop.Customers {
			if shop.Truth.TypeOf(c.ID) == t && shop.Truth.Customers[c.ID].Alive {
				return c.ID.String(), c.Name() + " (" + t.String() + ")"
			}
		}
		return "", ""
	}
	type who struct{ id, label string }
	var people []who
	for _, t := range []demo.CustomerType{demo.Loyal, demo.New} {
		if id, label := pick(t); id != "" {
			people = append(people, who{id, label})
		}
	}
	people = append(people, who{"visitor:never-seen", "a first-time visitor"})
	for _, p := range people {
		recs, err := rec.Recommend(p.id, 5, recommend.ExcludeSeen(), recommend.ExcludeInactive())
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "For %s:\n", p.label)
		for _, r := range recs {
			fmt.Fprintf(w, "  %-28s %-12s %s\n", names[r.Item], category(products, r.Item), r.Reason.Text)
		}
	}
	fmt.Fprintln(w)
	return nil
}

func category(products []order.Product, id string) string {
	for _, p := range products {
		if p.ID == id {
			return p.Category
		}
	}
	return ""
}
