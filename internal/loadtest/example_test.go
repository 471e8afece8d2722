package loadtest_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	"github.com/crmkit/crmkit/access"
	"github.com/crmkit/crmkit/api"
	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/internal/loadtest"
	"github.com/crmkit/crmkit/store/memory"
)

// Example drives an API server on a small demo shop with 100 requests from
// 4 clients and checks that no write was lost. Latencies vary from run to
// run; the counts do not.
func Example() {
	ctx := context.Background()
	shop, _ := demo.Generate(&demo.Options{Customers: 50, NoEvents: true})
	st := memory.New()
	if _, err := shop.Load(ctx, st, nil); err != nil {
		panic(err)
	}
	h, _ := api.New(st, &api.Options{Keys: []api.APIKey{{Hash: api.HashKey("k"),
		Principal: access.Principal{ID: "load", Roles: []access.Role{access.RoleService}}}}})
	srv := httptest.NewServer(h)
	defer srv.Close()

	// No recommender is configured, so the mix leaves recommendations out.
	res, err := loadtest.Run(ctx, loadtest.Config{BaseURL: srv.URL, Key: "k", Clients: 4, Requests: 100, Mix: [3]int{3, 1, 0}})
	if err != nil {
		panic(err)
	}
	fmt.Println("requests:", res.Requests, "errors:", res.Errors, "lost writes:", res.Lost)
	fmt.Println("every acknowledged write stored:", res.Stored == res.Acknowledged)
	// Output:
	// requests: 100 errors: 0 lost writes: 0
	// every acknowledged write stored: true
}
