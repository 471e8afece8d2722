package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/crmkit/crmkit/access"
	"github.com/crmkit/crmkit/api"
	"github.com/crmkit/crmkit/customer"
	"github.com/google/uuid"
)

func TestCustomerLifecycle(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	var c customer.Customer
	f.call("POST", "/customers", serviceKey, map[string]any{
		"email": "Ada.Lovelace@Example.org", "first_name": "Ada", "last_name": "Lovelace", "tags": []string{"VIP"},
	}).want(t, http.StatusCreated).decode(t, &c)
	if c.ID == uuid.Nil || c.Version != 1 || c.Email != "Ada.Lovelace@example.org" || !c.HasTag("vip") {
		t.Fatalf("created %+v", c)
	}
	// The same e-mail again is a conflict.
	f.call("POST", "/customers", serviceKey, map[string]any{"email": "ADA.LOVELACE@example.org"}).problem(t, http.StatusConflict)

	var got customer.Customer
	f.call("GET", "/customers/"+c.ID.String(), supportKey, nil).want(t, http.StatusOK).decode(t, &got)
	if got.Email != c.Email || got.Version != 1 {
		t.Fatalf("read %+v", got)
	}
	// A marketer reads the profile masked.
	var masked customer.Customer
	f.call("GET", "/customers/"+c.ID.String(), marketerKey, nil).want(t, http.StatusOK).decode(t, &masked)
	if masked.Email != access.Redacted || masked.FirstName != access.Redacted {
		t.Fatalf("marketer sees %q %q, want masked", masked.Email, masked.FirstName)
	}

	got.LastName = "King"
	var upd customer.Customer
	f.call("PUT", "/customers/"+c.ID.String(), supportKey, got).want(t, http.StatusOK).decode(t, &upd)
	if upd.Version != 2 || upd.LastName != "King" {
		t.Fatalf("updated %+v", upd)
	}
	// Writing the version read before is a stale update.
	p := f.call("PUT", "/customers/"+c.ID.String(), supportKey, got).problem(t, http.StatusConflict)
	if p.Type != api.ProblemConflict {
		t.Fatalf("stale update: %+v", p)
	}
	// An update without a version is refused with the field named.
	got.Version = 0
	p = f.call("PUT", "/customers/"+c.ID.String(), supportKey, got).problem(t, http.StatusUnprocessableEntity)
	if p.Field != "version" {
		t.Fatalf("no version: %+v", p)
	}

	// Find by e-mail and by external ID.
	var page api.CustomerPage
	f.call("GET", "/customers?email="+url.QueryEscape("ADA.lovelace@example.org"), supportKey, nil).want(t, http.StatusOK).decode(t, &page)
	if len(page.Items) != 1 || page.Items[0].ID != c.ID {
		t.Fatalf("by e-mail: %+v", page)
	}
	// Looking up by e-mail would tell a marketer whose address it is.
	f.call("GET", "/customers?email=ada.lovelace@example.org", marketerKey, nil).problem(t, http.StatusForbidden)
	first := f.shop.Customers[0]
	f.call("GET", "/customers?external_id="+first.ExternalID, analystKey, nil).want(t, http.StatusOK).decode(t, &page)
	if len(page.Items) != 1 || page.Items[0].ID != first.ID {
		t.Fatalf("by external ID: %+v", page)
	}
	f.call("GET", "/customers?external_id=nobody", analystKey, nil).want(t, http.StatusOK).decode(t, &page)
	if len(page.Items) != 0 {
		t.Fatalf("unknown external ID found %+v", page)
	}

	// A marketer may tag the profile it read masked; the masks never
	// overwrite the real data.
	masked.Version = upd.Version
	masked.Tags = append(masked.Tags, "newsletter")
	f.call("PUT", "/customers/"+c.ID.String(), marketerKey, masked).want(t, http.StatusOK)
	var tagged customer.Customer
	f.call("GET", "/customers/"+c.ID.String(), supportKey, nil).want(t, http.StatusOK).decode(t, &tagged)
	if !tagged.HasTag("newsletter") || tagged.Email != c.Email || tagged.LastName != "King" || tagged.Version != 3 {
		t.Fatalf("after the marketer's update: %+v", tagged)
	}
	// Changing personal data needs personal-data write.
	masked.Version, masked.Email = 3, "someone.else@example.org"
	f.call("PUT", "/customers/"+c.ID.String(), marketerKey, masked).problem(t, http.StatusForbidden)

	// Only roles with delete may delete.
	f.call("DELETE", "/customers/"+c.ID.String(), supportKey, nil).problem(t, http.StatusForbidden)
	f.call("DELETE", "/customers/"+c.ID.String(), adminKey, nil).want(t, http.StatusOK)
	f.call("GET", "/customers/"+c.ID.String(), adminKey, nil).problem(t, http.StatusNotFound)
	f.call("DELETE", "/customers/"+c.ID.String(), adminKey, nil).problem(t, http.StatusNotFound)
}

// TestCustomerPagination walks every page and finds each profile once, in
// creation order.
func TestCustomerPagination(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	seen := map[uuid.UUID]bool{}
	var order []uuid.UUID
	cursor, pages := "", 0
	for {
		var page api.CustomerPage
		f.call("GET", "/customers?limit=17&cursor="+url.QueryEscape(cursor), analystKey, nil).want(t, http.StatusOK).decode(t, &page)
		pages++
		if len(page.Items) > 17 {
			t.Fatalf("page of %d, limit 17", len(page.Items))
		}
		for _, c := range page.Items {
			if seen[c.ID] {
				t.Fatalf("customer %s on two pages", c.ID)
			}
			seen[c.ID] = true
			order = append(order, c.ID)
		}
		if page.NextCursor == "" {
			break
		}
		cursor = page.NextCursor
	}
	if len(seen) != len(f.shop.Customers) {
		t.Fatalf("walked %d customers, the shop has %d", len(seen), len(f.shop.Customers))
	}
	if want := (len(f.shop.Customers) + 16) / 17; pages != want {
		t.Fatalf("%d pages, want %d", pages, want)
	}
	for i, c := range f.shop.Customers { // the shop lists them by (CreatedAt, ID)
		if order[i] != c.ID {
			t.Fatalf("customer %d is %s, want %s", i, order[i], c.ID)
		}
	}
	f.call("GET", "/customers?cursor=not-a-cursor", analystKey, nil).problem(t, http.StatusBadRequest)
	for _, bad := range []string{"0", "501", "-3", "ten"} {
		p := f.call("GET", "/customers?limit="+bad, analystKey, nil).problem(t, http.StatusBadRequest)
		if p.Field != "limit" || p.Value != bad {
			t.Fatalf("limit=%s: %+v", bad, p)
		}
	}
}

func TestMergeCustomers(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	pair := f.shop.Truth.Duplicates[0]
	keep, drop := pair[0], pair[1]
	var before api.OrderPage
	f.call("GET", "/customers/"+drop.String()+"/orders?limit=500", adminKey, nil).want(t, http.StatusOK).decode(t, &before)
	var keptBefore api.OrderPage
	f.call("GET", "/customers/"+keep.String()+"/orders?limit=500", adminKey, nil).want(t, http.StatusOK).decode(t, &keptBefore)

	// Support may not delete, so may not merge.
	f.call("POST", "/customers/"+keep.String()+"/merge", supportKey, api.MergeRequest{DropID: drop}).problem(t, http.StatusForbidden)
	var merged customer.Customer
	f.call("POST", "/customers/"+keep.String()+"/merge", adminKey, api.MergeRequest{DropID: drop}).want(t, http.StatusOK).decode(t, &merged)
	if merged.ID != keep {
		t.Fatalf("merged into %s, want %s", merged.ID, keep)
	}
	f.call("GET", "/customers/"+drop.String(), adminKey, nil).problem(t, http.StatusNotFound)
	var after api.OrderPage
	f.call("GET", "/customers/"+keep.String()+"/orders?limit=500", adminKey, nil).want(t, http.StatusOK).decode(t, &after)
	if got, want := len(after.Items), len(before.Items)+len(keptBefore.Items); got != want {
		t.Fatalf("kept profile has %d orders after the merge, want %d", got, want)
	}
	f.call("POST", "/customers/"+keep.String()+"/merge", adminKey, api.MergeRequest{DropID: keep}).problem(t, http.StatusConflict)
	p := f.call("POST", "/customers/"+keep.String()+"/merge", adminKey, `{}`).problem(t, http.StatusUnprocessableEntity)
	if p.Field != "drop_id" {
		t.Fatalf("merge without drop_id: %+v", p)
	}
}

func TestCustomerOrdersPages(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	// The customer with the most orders.
	counts := map[uuid.UUID]int{}
	for _, o := range f.shop.Orders {
		counts[o.CustomerID]++
	}
	var best uuid.UUID
	for id, n := range counts {
		if n > counts[best] || (n == counts[best] && id.String() < best.String()) {
			best = id
		}
	}
	var all []string
	cursor := ""
	for {
		var page api.OrderPage
		f.call("GET", fmt.Sprintf("/customers/%s/orders?limit=2&cursor=%s", best, cursor), analystKey, nil).want(t, http.StatusOK).decode(t, &page)
		for _, o := range page.Items {
			if o.CustomerID != best {
				t.Fatalf("order %s of customer %s", o.ID, o.CustomerID)
			}
			all = append(all, o.PlacedAt.Format("2006-01-02T15:04:05.000000")+o.ID.String())
		}
		if page.NextCursor == "" {
			break
		}
		cursor = url.QueryEscape(page.NextCursor)
	}
	if len(all) != counts[best] {
		t.Fatalf("%d orders listed, the customer has %d", len(all), counts[best])
	}
	for i := 1; i < len(all); i++ {
		if all[i] > all[i-1] {
			t.Fatalf("orders not newest first at %d", i)
		}
	}
	f.call("GET", "/customers/"+best.String()+"/orders?status=lost", analystKey, nil).problem(t, http.StatusBadRequest)
}
