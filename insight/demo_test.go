package insight_test

import (
	"context"
	"sync"
	"testing"

	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/insight"
	"github.com/crmkit/crmkit/store/memory"
)

var demoReport = sync.OnceValues(func() (*insight.Report, error) {
	ctx := context.Background()
	shop, err := demo.Generate(nil)
	if err != nil {
		return nil, err
	}
	st := memory.New()
	if _, err := shop.Load(ctx, st, nil); err != nil {
		return nil, err
	}
	return insight.Build(ctx, st, insight.Options{Title: "Demo shop"})
})

func demoShopReport(t *testing.T) *insight.Report {
	t.Helper()
	if testing.Short() {
		t.Skip("demo shop report in -short mode")
	}
	r, err := demoReport()
	if err != nil {
		t.Fatal(err)
	}
	return r
}
