package demo_test

import (
	"context"
	"fmt"

	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/store"
)

func ExampleGenerate() {
	shop, err := demo.Generate(&demo.Options{Seed: 42, Customers: 200, Products: 80})
	if err != nil {
		panic(err)
	}
	fmt.Println("period:", shop.Start.Format("2006-01-02"), "to", shop.End.AddDate(0, 0, -1).Format("2006-01-02"))
	fmt.Println("customers:", len(shop.Customers), "products:", len(shop.Products))
	fmt.Println("orders:", len(shop.Orders), "returns:", len(shop.Returns), "events:", len(shop.Events))
	fmt.Println("abusers:", len(shop.Truth.Abusers), "duplicate pairs:", len(shop.Truth.Duplicates))
	types := map[demo.CustomerType]int{}
	for _, c := range shop.Customers {
		types[shop.Truth.TypeOf(c.ID)]++
	}
	for _, t := range demo.CustomerTypes {
		fmt.Printf("%s: %d\n", t, types[t])
	}
	first := shop.Orders[0]
	fmt.Println("first order:", first.Number, first.Status, first.Total, first.Currency)
	// Output:
	// period: 2024-11-01 to 2026-10-31
	// customers: 200 products: 80
	// orders: 1138 returns: 119 events: 41740
	// abusers: 3 duplicate pairs: 1
	// loyal: 30
	// occasional: 80
	// bargain_hunter: 30
	// churned: 40
	// new: 20
	// first order: SO-0000001 delivered 60.33 EUR
}

// A shop loads into any store.Store; backends with a bulk path write each
// chunk atomically.
func ExampleShop_Load() {
	shop, err := demo.Generate(&demo.Options{Seed: 1, Customers: 50})
	if err != nil {
		panic(err)
	}
	var st store.Store = countingStore{} // e.g. memory.New() or sqlite.Open(...)
	res, err := shop.Load(context.Background(), st, &demo.LoadOptions{
		ChunkSize: 1000,
		Progress:  func(done, total int) { /* draw a progress bar */ },
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Customers == len(shop.Customers), res.Orders == len(shop.Orders), res.Events == len(shop.Events))
	// Output:
	// true true true
}

// countingStore stands in for a real backend in this example: its bulk path
// only counts what it is given.
type countingStore struct{ store.Store }

func (countingStore) LoadBatch(_ context.Context, b store.Batch, _ store.ConflictPolicy) (store.LoadResult, error) {
	return store.LoadResult{Customers: len(b.Customers), Products: len(b.Products), Orders: len(b.Orders), Returns: len(b.Returns), Events: len(b.Events)}, nil
}

// Shop.Truth tells what was planted, so an analysis can be checked against
// it: here, the planted refund abusers return far more often than others.
func Example_truth() {
	shop, err := demo.Generate(&demo.Options{Seed: 3, Customers: 400, NoEvents: true})
	if err != nil {
		panic(err)
	}
	delivered := map[bool]int{}
	returned := map[bool]int{}
	for _, o := range shop.Orders {
		if !o.DeliveredAt.IsZero() {
			delivered[shop.Truth.IsAbuser(o.CustomerID)]++
		}
	}
	for _, r := range shop.Returns {
		returned[shop.Truth.IsAbuser(r.CustomerID)]++
	}
	fmt.Printf("abusers: %d, returns per delivered order %.2f\n", len(shop.Truth.Abusers), float64(returned[true])/float64(delivered[true]))
	fmt.Printf("others: returns per delivered order %.2f\n", float64(returned[false])/float64(delivered[false]))
	fmt.Printf("December factor %.2f, Sunday factor %.2f\n", shop.Truth.Season.Month[11], shop.Truth.Season.Weekday[0])
	// Output:
	// abusers: 6, returns per delivered order 0.67
	// others: returns per delivered order 0.11
	// December factor 1.56, Sunday factor 1.24
}
