package api_test

import (
	"net/http"
	"testing"

	"github.com/crmkit/crmkit/api"
	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

func TestOrderLifecycle(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	cust := f.shop.Customers[3].ID
	prod := f.shop.Products[0]
	body := map[string]any{
		"number": "WEB-1001", "customer_id": cust, "currency": "EUR", "shipping": "4.95", "tax": 1.9,
		"lines": []map[string]any{{"product_id": prod.ID, "quantity": 2, "unit_price": "10.00", "discount": "0"}},
	}
	var o order.Order
	f.call("POST", "/orders", serviceKey, body).want(t, http.StatusCreated).decode(t, &o)
	if o.Status != order.StatusPending || o.Version != 1 || !o.Total.Equal(decimal.RequireFromString("26.85")) || !o.PlacedAt.Equal(f.now) {
		t.Fatalf("created %+v", o)
	}
	f.call("POST", "/orders", serviceKey, body).problem(t, http.StatusConflict) // the number is taken
	var got order.Order
	f.call("GET", "/orders/"+o.ID.String(), analystKey, nil).want(t, http.StatusOK).decode(t, &got)
	if got.Number != "WEB-1001" {
		t.Fatalf("read %+v", got)
	}
	// A wrong total is a validation problem naming the field.
	bad := map[string]any{"number": "WEB-1002", "customer_id": cust, "currency": "EUR", "total": "99.00",
		"lines": []map[string]any{{"product_id": prod.ID, "quantity": 1, "unit_price": "10.00", "discount": "0"}}}
	if p := f.call("POST", "/orders", serviceKey, bad).problem(t, http.StatusUnprocessableEntity); p.Field != "total" || p.Value != "99" {
		t.Fatalf("bad total: %+v", p)
	}

	f.call("POST", "/orders/"+o.ID.String()+"/status", serviceKey, api.StatusUpdate{Status: order.StatusPaid}).want(t, http.StatusOK).decode(t, &o)
	if o.Status != order.StatusPaid || o.Version != 2 || !o.PaidAt.Equal(f.now) {
		t.Fatalf("paid %+v", o)
	}
	// A stale version and a step the life cycle forbids are conflicts.
	f.call("POST", "/orders/"+o.ID.String()+"/status", serviceKey, api.StatusUpdate{Status: order.StatusShipped, Version: 1}).problem(t, http.StatusConflict)
	p := f.call("POST", "/orders/"+o.ID.String()+"/status", serviceKey, api.StatusUpdate{Status: order.StatusPending}).problem(t, http.StatusConflict)
	if p.Field != "status" || p.Value != "pending" {
		t.Fatalf("forbidden step: %+v", p)
	}
	f.call("POST", "/orders/"+o.ID.String()+"/status", serviceKey, `{"status":"teleported"}`).problem(t, http.StatusUnprocessableEntity)
	f.call("POST", "/orders/"+o.ID.String()+"/status", analystKey, api.StatusUpdate{Status: order.StatusShipped}).problem(t, http.StatusForbidden)
	f.call("POST", "/orders/"+uuid.NewString()+"/status", serviceKey, api.StatusUpdate{Status: order.StatusShipped}).problem(t, http.StatusNotFound)

	// A return: customer, status, time and amount filled in.
	var ret order.Return
	f.call("POST", "/returns", supportKey, map[string]any{
		"order_id": o.ID, "reason": "too small", "items": []map[string]any{{"product_id": prod.ID, "quantity": 1, "amount": "10.00"}},
	}).want(t, http.StatusCreated).decode(t, &ret)
	if ret.CustomerID != cust || ret.Status != order.ReturnRequested || !ret.Amount.Equal(decimal.NewFromInt(10)) {
		t.Fatalf("return %+v", ret)
	}
	var gotRet order.Return
	f.call("GET", "/returns/"+ret.ID.String(), supportKey, nil).want(t, http.StatusOK).decode(t, &gotRet)
	if gotRet.Reason != "too small" {
		t.Fatalf("read return %+v", gotRet)
	}
	// More than was bought cannot go back.
	p = f.call("POST", "/returns", supportKey, map[string]any{
		"order_id": o.ID, "reason": "all of it", "items": []map[string]any{{"product_id": prod.ID, "quantity": 2, "amount": "20.00"}},
	}).problem(t, http.StatusUnprocessableEntity)
	if p.Field != "items[0].quantity" {
		t.Fatalf("over-return: %+v", p)
	}
	f.call("POST", "/returns", supportKey, map[string]any{
		"order_id": uuid.New(), "items": []map[string]any{{"product_id": prod.ID, "quantity": 1, "amount": "1"}},
	}).problem(t, http.StatusNotFound)
	f.call("GET", "/returns/"+uuid.NewString(), supportKey, nil).problem(t, http.StatusNotFound)
}

func TestIngestEvents(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	cust := f.shop.Customers[5].ID
	var stats0 store.Stats
	f.call("GET", "/stats", analystKey, nil).want(t, http.StatusOK).decode(t, &stats0)
	batch := api.EventBatch{Events: []behavior.Event{
		{Kind: behavior.KindView, CustomerID: cust, ProductID: f.shop.Products[1].ID, At: f.now},
		{Kind: behavior.KindSearch, VisitorID: "v-1", Query: "red shoes", At: f.now},
	}}
	var res api.EventBatchResult
	f.call("POST", "/events", marketerKey, batch).want(t, http.StatusCreated).decode(t, &res)
	if res.Accepted != 2 || len(res.IDs) != 2 || res.IDs[0] == uuid.Nil || res.IDs[0] == res.IDs[1] {
		t.Fatalf("result %+v", res)
	}
	var stats1 store.Stats
	f.call("GET", "/stats", analystKey, nil).want(t, http.StatusOK).decode(t, &stats1)
	if stats1.Events != stats0.Events+2 {
		t.Fatalf("events %d -> %d, want +2", stats0.Events, stats1.Events)
	}
	// All or nothing: one bad event refuses the batch, naming it.
	batch.Events[0].ID = uuid.Nil
	batch.Events = append(batch.Events, behavior.Event{Kind: behavior.KindReview, CustomerID: cust, ProductID: "p", Rating: 9, At: f.now})
	p := f.call("POST", "/events", marketerKey, batch).problem(t, http.StatusUnprocessableEntity)
	if p.Field != "events[2].rating" || p.Value != "9" {
		t.Fatalf("bad event: %+v", p)
	}
	f.call("GET", "/stats", analystKey, nil).want(t, http.StatusOK).decode(t, &stats1)
	if stats1.Events != stats0.Events+2 {
		t.Fatalf("a refused batch changed the events: %d", stats1.Events)
	}
	// A repeated ID is a conflict; an empty batch and an oversized one are refused.
	f.call("POST", "/events", marketerKey, api.EventBatch{Events: []behavior.Event{{ID: res.IDs[0], Kind: behavior.KindSearch, VisitorID: "v", Query: "q", At: f.now}}}).problem(t, http.StatusConflict)
	f.call("POST", "/events", marketerKey, `{"events":[]}`).problem(t, http.StatusUnprocessableEntity)
	f.call("POST", "/events", analystKey, batch).problem(t, http.StatusForbidden)
}

func TestIngestEventsLimit(t *testing.T) {
	t.Parallel()
	f := newFixture(t, func(o *api.Options) { o.MaxEvents = 3 })
	var es []behavior.Event
	for range 4 {
		es = append(es, behavior.Event{Kind: behavior.KindSearch, VisitorID: "v", Query: "q", At: f.now})
	}
	if p := f.call("POST", "/events", adminKey, api.EventBatch{Events: es}).problem(t, http.StatusUnprocessableEntity); p.Field != "events" || p.Value != "4" {
		t.Fatalf("over the limit: %+v", p)
	}
	f.call("POST", "/events", adminKey, api.EventBatch{Events: es[:3]}).want(t, http.StatusCreated)
}
