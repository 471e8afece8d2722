package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/crmkit/crmkit/store/storetest"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// plain hides every optional interface of the store it wraps, so the suite
// exercises the package's fallbacks (store.Load without a BulkLoader).
type plain struct{ store.Store }

func TestFallbacksPassConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return plain{memory.New()} })
}

func TestCursorsRoundTrip(t *testing.T) {
	at := time.Date(2025, 1, 2, 3, 4, 5, 678901000, time.UTC)
	c := customer.Customer{ID: uuid.New(), CreatedAt: at}
	gotT, gotID, err := store.DecodeTimeCursor(store.CustomerCursor(c))
	require.NoError(t, err)
	assert.True(t, gotT.Equal(at))
	assert.Equal(t, c.ID, gotID)
	for _, bad := range []string{"", "!!", "dDox", "dDp4Ong="} {
		_, _, err := store.DecodeTimeCursor(bad)
		assert.ErrorIs(t, err, store.ErrBadCursor, bad)
	}
	_, err = store.DecodeProductCursor("bad cursor")
	assert.ErrorIs(t, err, store.ErrBadCursor)
}

func TestCompareIDsMatchesStringOrder(t *testing.T) {
	for range 1000 {
		a, b := uuid.New(), uuid.New()
		want := 0
		switch {
		case a.String() < b.String():
			want = -1
		case a.String() > b.String():
			want = 1
		}
		require.Equal(t, want, store.CompareIDs(a, b))
	}
}

func TestPrepareNewCustomerDoesNotTouchInput(t *testing.T) {
	in := customer.Customer{Email: " A@B.COM ", Tags: []string{"X"}}
	out, err := store.PrepareNewCustomer(in, time.Now())
	require.NoError(t, err)
	assert.Equal(t, " A@B.COM ", in.Email)
	assert.Equal(t, "X", in.Tags[0])
	assert.Equal(t, "A@b.com", out.Email)
	assert.Equal(t, int64(1), out.Version)
	assert.NotEqual(t, uuid.Nil, out.ID)
	assert.Equal(t, time.UTC, out.CreatedAt.Location())
}

func TestLoadWithoutBulkLoaderReportsPartialWrites(t *testing.T) {
	st := plain{memory.New()}
	b := store.Batch{Customers: []customer.Customer{{Email: "ok@example.com"}}}
	b.Events = nil
	res, err := store.Load(context.Background(), st, b, store.ConflictFail)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Customers)
	// The same customer again: the customers step fails after products succeeded (none), so not partial.
	_, err = store.Load(context.Background(), st, b, store.ConflictFail)
	require.ErrorIs(t, err, store.ErrConflict)
	assert.NotErrorIs(t, err, store.ErrNotAtomic)
}
