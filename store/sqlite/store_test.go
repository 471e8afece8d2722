package sqlite

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMigrationsRecordedOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "crm.db")
	ms, err := migrations()
	require.NoError(t, err)
	require.NotEmpty(t, ms)
	var first []int64
	for round := range 3 {
		st, err := Open(path, nil)
		require.NoError(t, err)
		rows, err := st.reader.Query(`SELECT version, applied_at FROM schema_migrations ORDER BY version`)
		require.NoError(t, err)
		var versions, applied []int64
		for rows.Next() {
			var v, at int64
			require.NoError(t, rows.Scan(&v, &at))
			versions = append(versions, v)
			applied = append(applied, at)
		}
		require.NoError(t, rows.Err())
		rows.Close()
		require.Len(t, versions, len(ms), "round %d", round)
		for i, m := range ms {
			assert.Equal(t, int64(m.version), versions[i])
		}
		if round == 0 {
			first = applied
		} else {
			assert.Equal(t, first, applied, "a reopen must not re-apply migrations")
		}
		var mode string
		require.NoError(t, st.reader.QueryRow(`PRAGMA journal_mode`).Scan(&mode))
		assert.Equal(t, "wal", mode)
		var sync, fk int
		require.NoError(t, st.writer.QueryRow(`PRAGMA synchronous`).Scan(&sync))
		require.NoError(t, st.writer.QueryRow(`PRAGMA foreign_keys`).Scan(&fk))
		assert.Equal(t, 2, sync, "synchronous=FULL")
		assert.Equal(t, 1, fk)
		require.NoError(t, st.Close())
	}
}

func TestReopenKeepsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "crm.db")
	st, err := Open(path, nil)
	require.NoError(t, err)
	c := mustCreateCustomer(t, st, newCustomer(1))
	o := mustCreateOrder(t, st, newOrder(c.ID, "A-1", t0, order.StatusPaid))
	require.NoError(t, st.AppendEvents(ctx, []behavior.Event{newEvent(c.ID, behavior.KindView, "p-1", t0)}))
	require.NoError(t, st.Close())

	st, err = Open(path, nil)
	require.NoError(t, err)
	defer st.Close()
	gotC, err := st.GetCustomer(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, c, gotC)
	gotO, err := st.GetOrder(ctx, o.ID)
	require.NoError(t, err)
	assert.Equal(t, o, gotO)
	stats, err := st.Stats(ctx)
	require.NoError(t, err)
	assert.Equal(t, store.Stats{Customers: 1, Orders: 1, Events: 1}, stats)

	// IDs are stored as their 16 bytes.
	var typ string
	var n int
	require.NoError(t, st.reader.QueryRow(`SELECT typeof(customer_id), length(customer_id) FROM orders`).Scan(&typ, &n))
	assert.Equal(t, "blob", typ)
	assert.Equal(t, 16, n)
}

func TestMoneyIsExact(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	c := mustCreateCustomer(t, st, newCustomer(1))
	// 0.1 + 0.2 is 0.30000000000000004 in floating point; here it must stay 0.30.
	o := newOrder(c.ID, "M-1", t0, order.StatusPaid)
	o.Lines = []order.Line{
		{ProductID: "a", Quantity: 1, UnitPrice: dec("0.10")},
		{ProductID: "b", Quantity: 1, UnitPrice: dec("0.20")},
	}
	o.Shipping, o.Tax = dec("0"), dec("0.000")
	o.Total = o.ComputeTotal()
	o = mustCreateOrder(t, st, o)
	got, err := st.GetOrder(ctx, o.ID)
	require.NoError(t, err)
	assert.Equal(t, "0.3", got.Total.String(), "total")
	assert.Equal(t, o.Total, got.Total, "same coefficient and exponent")
	assert.Equal(t, o.Lines, got.Lines)
	assert.Equal(t, int32(-3), got.Tax.Exponent(), "trailing zeros kept")

	var typ, raw string
	require.NoError(t, st.reader.QueryRow(`SELECT typeof(total), total FROM orders WHERE id = ?`, idArg(o.ID)).Scan(&typ, &raw))
	assert.Equal(t, "text", typ)
	assert.Equal(t, "0.300", raw)

	// A thousand orders of 0.10 sum to exactly 100.00 in SQL.
	batch := make([]*order.Order, 1000)
	for i := range batch {
		x := newOrder(c.ID, "S-"+uuid.NewString(), t0.Add(time.Duration(i)*time.Minute), order.StatusPaid)
		x.Lines = []order.Line{{ProductID: "a", Quantity: 1, UnitPrice: dec("0.10")}}
		x.Shipping, x.Tax = dec("0.00"), dec("0.00")
		x.Total = x.ComputeTotal()
		batch[i] = &x
	}
	require.NoError(t, st.CreateOrders(ctx, batch))
	sum, err := st.CustomerSummary(ctx, c.ID, store.SummaryFilter{})
	require.NoError(t, err)
	assert.Equal(t, "100.300", sum.TotalSpent.StringFixed(3))
	assert.True(t, sum.TotalSpent.Equal(dec("100.3")))
	assert.Equal(t, 1001, sum.Orders)
}
