package sqlite

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// TestFiltersUseIndexes asks SQLite's planner how it runs each filter of the
// contract: every one must search an index (no full table scan) and none
// may sort in a temporary B-tree, which would hold the whole result before
// the first row streams out.
func TestFiltersUseIndexes(t *testing.T) {
	st := openTemp(t)
	id := uuid.New()
	cursor := store.OrderCursor(order.Order{ID: id, PlacedAt: t0})
	type q struct {
		name, table string
		build       func() (string, []any, error)
	}
	cases := []q{
		{"customers by tag", "customers", func() (string, []any, error) { return customersQuery(store.CustomerFilter{Tag: "vip"}) }},
		{"customers by e-mail", "customers", func() (string, []any, error) { return customersQuery(store.CustomerFilter{Email: "a@b.c"}) }},
		{"customers by created", "customers", func() (string, []any, error) {
			return customersQuery(store.CustomerFilter{CreatedFrom: t0, CreatedTo: t0.Add(time.Hour)})
		}},
		{"customers after cursor", "customers", func() (string, []any, error) { return customersQuery(store.CustomerFilter{After: cursor}) }},
		{"orders by customer", "orders", func() (string, []any, error) { return ordersQuery(store.OrderFilter{CustomerID: id}) }},
		{"orders by customer desc paged", "orders", func() (string, []any, error) {
			return ordersQuery(store.OrderFilter{CustomerID: id, Desc: true, After: cursor, Limit: 50})
		}},
		{"orders by status", "orders", func() (string, []any, error) {
			return ordersQuery(store.OrderFilter{Statuses: []order.Status{order.StatusPaid}})
		}},
		{"orders by placed", "orders", func() (string, []any, error) { return ordersQuery(store.OrderFilter{Since: t0}) }},
		{"returns by order", "returns", func() (string, []any, error) { return returnsQuery(store.ReturnFilter{OrderID: id}) }},
		{"returns by customer", "returns", func() (string, []any, error) { return returnsQuery(store.ReturnFilter{CustomerID: id}) }},
		{"returns by status", "returns", func() (string, []any, error) {
			return returnsQuery(store.ReturnFilter{Statuses: []order.ReturnStatus{order.ReturnRequested}})
		}},
		{"returns by time", "returns", func() (string, []any, error) { return returnsQuery(store.ReturnFilter{Until: t0}) }},
		{"events by customer", "events", func() (string, []any, error) {
			return eventsQuery(store.EventFilter{CustomerID: id, Desc: true, Limit: 50})
		}},
		{"events by visitor", "events", func() (string, []any, error) { return eventsQuery(store.EventFilter{VisitorID: "v"}) }},
		{"events by session", "events", func() (string, []any, error) { return eventsQuery(store.EventFilter{SessionID: "s"}) }},
		{"events by kind", "events", func() (string, []any, error) {
			return eventsQuery(store.EventFilter{Kinds: []behavior.Kind{behavior.KindView}})
		}},
		{"events by product", "events", func() (string, []any, error) { return eventsQuery(store.EventFilter{ProductID: "p"}) }},
		{"events by time", "events", func() (string, []any, error) {
			return eventsQuery(store.EventFilter{Since: t0, Until: t0.Add(time.Hour)})
		}},
		{"products by category", "products", func() (string, []any, error) { return productsQuery(store.ProductFilter{Category: "tea"}) }},
		{"products active", "products", func() (string, []any, error) { return productsQuery(store.ProductFilter{ActiveOnly: true}) }},
		{"journal after seq", "journal", func() (string, []any, error) {
			text, args := changesQuery(store.ChangeFilter{AfterSeq: 10, Limit: 100})
			return text, args, nil
		}},
		{"journal by customer", "journal", func() (string, []any, error) {
			text, args := changesQuery(store.ChangeFilter{CustomerID: id, AfterSeq: 10})
			return text, args, nil
		}},
		{"journal by actor", "journal", func() (string, []any, error) {
			text, args := changesQuery(store.ChangeFilter{Actor: "alice"})
			return text, args, nil
		}},
		{"journal by record", "journal", func() (string, []any, error) {
			text, args := changesQuery(store.ChangeFilter{Entity: store.EntityOrder, EntityID: id.String()})
			return text, args, nil
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text, args, err := c.build()
			require.NoError(t, err)
			plan := explain(t, st, text, args)
			if !strings.Contains(plan, "SEARCH") {
				t.Errorf("no index search:\n%s", plan)
			}
			if strings.Contains(plan, "SCAN "+c.table+"\n") || strings.HasSuffix(plan, "SCAN "+c.table) {
				t.Errorf("full table scan:\n%s", plan)
			}
			if strings.Contains(plan, "TEMP B-TREE") {
				t.Errorf("sorts before streaming:\n%s", plan)
			}
		})
	}
}

func explain(t *testing.T, st *Store, text string, args []any) string {
	t.Helper()
	rows, err := st.reader.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+text, args...)
	require.NoError(t, err)
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var id, parent, notUsed int
		var detail string
		require.NoError(t, rows.Scan(&id, &parent, &notUsed, &detail))
		lines = append(lines, detail)
	}
	require.NoError(t, rows.Err())
	return strings.Join(lines, "\n")
}
