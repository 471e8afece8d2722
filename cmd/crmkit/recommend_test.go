package main

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store"
)

// loyalBuyer returns a customer with at least five sales orders and the
// products they bought.
func loyalBuyer(t *testing.T, st store.Store) (customer.Customer, map[string]bool) {
	t.Helper()
	ctx := context.Background()
	for s, err := range store.Summaries(ctx, st, store.SummaryFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		if s.Orders < 5 {
			continue
		}
		c, err := st.GetCustomer(ctx, s.CustomerID)
		if err != nil {
			t.Fatal(err)
		}
		bought := map[string]bool{}
		for o, err := range st.Orders(ctx, store.OrderFilter{CustomerID: c.ID}) {
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range o.Lines {
				bought[l.ProductID] = true
			}
		}
		return c, bought
	}
	t.Fatal("no customer with five orders")
	return customer.Customer{}, nil
}

func TestRecommendCommand(t *testing.T) {
	db := sharedShop(t)
	st := openShop(t, db)
	c, bought := loyalBuyer(t, st)

	var out recommendOutput
	cliJSON(t, &out, "recommend", "-db", db, "-customer", c.ExternalID, "-n", "5", "-json", "-q")
	if out.Model != "ease" || out.CustomerID != c.ID.String() || len(out.Recommendations) != 5 || out.Catalogue != 240 {
		t.Fatalf("output %+v", out)
	}
	for i, r := range out.Recommendations {
		if r.Rank != i+1 || r.Name == "" || r.Category == "" || r.Reason.Text == "" || r.Reason.Kind == "" {
			t.Errorf("item %d: %+v", i, r)
		}
		if bought[r.Item] {
			t.Errorf("item %s was bought by the customer already", r.Item)
		}
		p, err := st.GetProduct(context.Background(), r.Item)
		if err != nil || !p.Active {
			t.Errorf("item %s: %v, active %v", r.Item, err, p.Active)
		}
	}
	for _, model := range []string{"als", "itemknn", "rp3", "pop"} {
		var m recommendOutput
		cliJSON(t, &m, "recommend", "-db", db, "-customer", c.Email, "-model", model, "-n", "3", "-behavior=false", "-json", "-q")
		if m.Model != model || len(m.Recommendations) != 3 {
			t.Errorf("%s: model %s, %d items", model, m.Model, len(m.Recommendations))
		}
		for _, r := range m.Recommendations {
			if bought[r.Item] {
				t.Errorf("%s recommends %s, bought already", model, r.Item)
			}
		}
	}
	var shoes recommendOutput
	cliJSON(t, &shoes, "recommend", "-db", db, "-customer", c.ID.String(), "-category", "shoes", "-n", "4", "-behavior=false", "-json", "-q")
	for _, r := range shoes.Recommendations {
		if r.Category != "shoes" {
			t.Errorf("-category shoes gave %s (%s)", r.Item, r.Category)
		}
	}
	if len(shoes.Recommendations) != 4 {
		t.Errorf("-category shoes: %d items", len(shoes.Recommendations))
	}

	item := out.Recommendations[0].Item
	var similar recommendOutput
	cliJSON(t, &similar, "recommend", "-db", db, "-item", item, "-n", "4", "-behavior=false", "-json", "-q")
	if len(similar.Recommendations) != 4 || slices.ContainsFunc(similar.Recommendations, func(r recommendItem) bool { return r.Item == item }) {
		t.Errorf("similar to %s: %+v", item, similar.Recommendations)
	}

	// A saved recommender serves the same answer without training.
	model := filepath.Join(t.TempDir(), "ease.bin")
	var saved, loaded recommendOutput
	cliJSON(t, &saved, "recommend", "-db", db, "-customer", c.ExternalID, "-n", "5", "-save", model, "-json", "-q")
	cliJSON(t, &loaded, "recommend", "-db", db, "-customer", c.ExternalID, "-n", "5", "-load", model, "-json", "-q")
	if loaded.Trained != "" || loaded.Model != "ease" || len(loaded.Recommendations) != 5 {
		t.Errorf("loaded: %+v", loaded)
	}
	for i := range saved.Recommendations {
		if saved.Recommendations[i].Item != loaded.Recommendations[i].Item || saved.Recommendations[i].Item != out.Recommendations[i].Item {
			t.Errorf("rank %d: trained %s, saved %s, loaded %s", i+1, out.Recommendations[i].Item, saved.Recommendations[i].Item, loaded.Recommendations[i].Item)
		}
	}

	text := cliOK(t, "recommend", "-db", db, "-customer", c.ExternalID, "-n", "2", "-behavior=false", "-q")
	if !containsAll(text, "ease recommendations for customer "+c.Name(), "RANK", "WHY") || strings.Count(text, "\n") != 4 {
		t.Errorf("table:\n%s", text)
	}
	wantExit(t, exitUsage, "one of -customer and -item", "recommend", "-db", db)
	wantExit(t, exitUsage, "-model \"svd\"", "recommend", "-db", db, "-customer", c.ExternalID, "-model", "svd")
	wantExit(t, exitNotFound, "no customer", "recommend", "-db", db, "-customer", "nobody@example.invalid", "-q")
	wantExit(t, exitNotFound, "no product", "recommend", "-db", db, "-item", "P99999", "-q")
}
