package segment_test

import (
	"context"
	"fmt"
	"time"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/segment"
	"github.com/google/uuid"
	"gonum.org/v1/gonum/mat"
)

func ExampleRFM() {
	asOf := time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
	days := func(n int) time.Time { return asOf.AddDate(0, 0, -n) }
	recs := []segment.Record{
		{CustomerID: uuid.MustParse("00000000-0000-0000-0000-000000000001"), Frequency: 12, LastOrder: days(3), Monetary: 1900},
		{CustomerID: uuid.MustParse("00000000-0000-0000-0000-000000000002"), Frequency: 9, LastOrder: days(320), Monetary: 2500},
		{CustomerID: uuid.MustParse("00000000-0000-0000-0000-000000000003"), Frequency: 1, LastOrder: days(6), Monetary: 40},
		{CustomerID: uuid.MustParse("00000000-0000-0000-0000-000000000004"), Frequency: 2, LastOrder: days(200), Monetary: 90},
		{CustomerID: uuid.MustParse("00000000-0000-0000-0000-000000000005"), Frequency: 4, LastOrder: days(45), Monetary: 400},
	}
	res, err := segment.RFM(recs, segment.RFMOptions{AsOf: asOf})
	if err != nil {
		panic(err)
	}
	for _, s := range res.Scores {
		fmt.Printf("R%d F%d M%d %s\n", s.R, s.F, s.M, s.Segment)
	}
	// Output:
	// R5 F5 M4 champions
	// R1 F4 M5 cant_lose
	// R4 F1 M1 new
	// R2 F2 M2 need_attention
	// R3 F3 M3 loyal
}

func ExampleKMeans() {
	x := mat.NewDense(6, 2, []float64{
		1, 1, 1.5, 2, 1, 1.5,
		8, 8, 8.5, 9, 9, 8,
	})
	res, err := segment.KMeans(context.Background(), x, 2, &segment.KMeansOptions{Seed: 1})
	if err != nil {
		panic(err)
	}
	fmt.Printf("sizes %v, inertia %.3f, same cluster: %v\n", res.Sizes, res.Inertia, res.Labels[0] == res.Labels[2])
	// Output:
	// sizes [3 3], inertia 1.833, same cluster: true
}

func ExampleParseQuery() {
	q, err := segment.ParseQuery("orders >= 3 AND last_order < -90d AND tags CONTAINS 'vip' AND rfm_segment = 'at_risk'")
	if err != nil {
		panic(err)
	}
	now := time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
	c := customer.Customer{Tags: []string{"vip"}}
	f := segment.Facts{
		Customer: &c,
		Orders:   segment.OrderFacts{Orders: 5, LastOrder: now.AddDate(0, -4, 0)},
		RFM:      &segment.Score{R: 1, F: 4, M: 4, Segment: segment.SegmentAtRisk},
	}
	fmt.Println(q.Match(&f, now))

	_, err = segment.ParseQuery("orders >= AND tags CONTAINS 'vip'")
	fmt.Println(err)
	// Output:
	// true
	// segment: query: at column 11: expected a number for orders, found "AND"
}
