package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func (s *suite) events(t *testing.T) {
	st := s.fresh(t)
	cid := uuid.New()
	score := 9
	es := []behavior.Event{
		newEvent(cid, behavior.KindView, "p-mug", base),
		newEvent(cid, behavior.KindSearch, "", base.Add(time.Second)),
		newEvent(cid, behavior.KindReview, "p-mug", base.Add(2*time.Second)),
		{Kind: behavior.KindSurvey, CustomerID: cid, Score: &score, Text: "would recommend", At: base.Add(3 * time.Second), Attributes: map[string]string{"survey": "nps-q1"}},
		{Kind: behavior.KindView, VisitorID: "anon-1", SessionID: "s-anon", ProductID: "p-tea", At: base.Add(4 * time.Second)},
	}
	require.NoError(t, st.AppendEvents(ctx(t), es))
	got := collect(t, st.Events(ctx(t), store.EventFilter{}))
	require.Len(t, got, 5)
	for _, e := range got {
		assert.NotEqual(t, uuid.Nil, e.ID)
	}
	assert.Equal(t, "blue mug", got[1].Query)
	assert.Equal(t, 4, got[2].Rating)
	require.NotNil(t, got[3].Score)
	assert.Equal(t, 9, *got[3].Score)
	assert.Equal(t, "nps-q1", got[3].Attributes["survey"])
	assert.True(t, got[4].Anonymous())
	*got[3].Score = 1
	again := collect(t, st.Events(ctx(t), store.EventFilter{Kinds: []behavior.Kind{behavior.KindSurvey}}))
	require.Len(t, again, 1)
	assert.Equal(t, 9, *again[0].Score, "scans hand out copies")

	t.Run("BatchIsAtomic", func(t *testing.T) {
		before := stats(t, st).Events
		bad := newEvent(cid, behavior.KindReview, "p-mug", base)
		bad.Rating = 6
		err := st.AppendEvents(ctx(t), []behavior.Event{newEvent(cid, behavior.KindView, "p-x", base), bad})
		var ve *behavior.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, "rating", ve.Field)
		assert.Equal(t, "6", ve.Value)
		dup := got[0]
		err = st.AppendEvents(ctx(t), []behavior.Event{newEvent(cid, behavior.KindView, "p-y", base), dup})
		require.ErrorIs(t, err, store.ErrConflict)
		assert.Equal(t, before, stats(t, st).Events)
	})
}

func (s *suite) eventScans(t *testing.T) {
	st := s.fresh(t)
	alice, bob := uuid.New(), uuid.New()
	kinds := []behavior.Kind{behavior.KindView, behavior.KindAddToCart, behavior.KindView, behavior.KindSearch}
	var es []behavior.Event
	for i := range 40 {
		cid := alice
		if i%2 == 1 {
			cid = bob
		}
		e := newEvent(cid, kinds[i%4], fmt.Sprintf("p-%d", i%5), base.Add(time.Duration(i/3)*time.Minute))
		e.SessionID = fmt.Sprintf("sess-%d", i/10)
		es = append(es, e)
	}
	require.NoError(t, st.AppendEvents(ctx(t), es))

	asc := collect(t, st.Events(ctx(t), store.EventFilter{}))
	require.Len(t, asc, 40)
	for i := 1; i < len(asc); i++ {
		a, b := asc[i-1], asc[i]
		require.True(t, a.At.Before(b.At) || a.At.Equal(b.At) && store.CompareIDs(a.ID, b.ID) < 0, "ordered at %d", i)
	}
	assert.Len(t, collect(t, st.Events(ctx(t), store.EventFilter{CustomerID: alice})), 20)
	assert.Len(t, collect(t, st.Events(ctx(t), store.EventFilter{Kinds: []behavior.Kind{behavior.KindView}})), 20)
	assert.Len(t, collect(t, st.Events(ctx(t), store.EventFilter{Kinds: []behavior.Kind{behavior.KindAddToCart, behavior.KindSearch}})), 20)
	assert.Len(t, collect(t, st.Events(ctx(t), store.EventFilter{ProductID: "p-3"})), 8)
	assert.Len(t, collect(t, st.Events(ctx(t), store.EventFilter{SessionID: "sess-2"})), 10)
	assert.Len(t, collect(t, st.Events(ctx(t), store.EventFilter{Since: base.Add(5 * time.Minute), Until: base.Add(7 * time.Minute)})), 6)
	// alice's events are the even i; kinds[0] and kinds[2] are views.
	assert.Len(t, collect(t, st.Events(ctx(t), store.EventFilter{CustomerID: alice, Kinds: []behavior.Kind{behavior.KindView}})), 20)
	assert.Len(t, collect(t, st.Events(ctx(t), store.EventFilter{CustomerID: bob, Kinds: []behavior.Kind{behavior.KindView}})), 0)

	latest := collect(t, st.Events(ctx(t), store.EventFilter{CustomerID: bob, Desc: true, Limit: 5}))
	require.Len(t, latest, 5)
	all := collect(t, st.Events(ctx(t), store.EventFilter{CustomerID: bob}))
	for i := range latest {
		assert.Equal(t, all[len(all)-1-i].ID, latest[i].ID, "newest first")
	}
	page, next, err := store.Collect(st.Events(ctx(t), store.EventFilter{CustomerID: bob, Desc: true, Limit: 6}), 5, store.EventCursor)
	require.NoError(t, err)
	require.Len(t, page, 5)
	rest := collect(t, st.Events(ctx(t), store.EventFilter{CustomerID: bob, Desc: true, After: next}))
	require.Len(t, rest, 15)
	assert.Equal(t, all[14].ID, rest[0].ID)
	require.ErrorIs(t, scanErr(st.Events(ctx(t), store.EventFilter{After: "Zm9v"})), store.ErrBadCursor)
}

// largeEventScan appends 100,000 events in batches of 1,000 (10,000 with
// -short or -race) and scans them back, in order and complete, and page by
// page for one customer.
func (s *suite) largeEventScan(t *testing.T) {
	n := 100_000
	if testing.Short() || raceEnabled {
		n = 10_000
	}
	st := s.fresh(t)
	customers := make([]uuid.UUID, 50)
	for i := range customers {
		customers[i] = uuid.New()
	}
	kinds := []behavior.Kind{behavior.KindView, behavior.KindClick, behavior.KindWishlist}
	batch := make([]behavior.Event, 0, 1000)
	for i := range n {
		batch = append(batch, behavior.Event{
			Kind: kinds[i%3], CustomerID: customers[i%len(customers)], ProductID: fmt.Sprintf("p-%d", i%997),
			SessionID: fmt.Sprintf("s-%d", i/20), At: base.Add(time.Duration(i) * time.Second),
		})
		if len(batch) == cap(batch) {
			require.NoError(t, st.AppendEvents(ctx(t), batch))
			batch = batch[:0]
		}
	}
	require.NoError(t, st.AppendEvents(ctx(t), batch))
	assert.Equal(t, int64(n), stats(t, st).Events)

	count := 0
	var prev time.Time
	for e, err := range st.Events(ctx(t), store.EventFilter{}) {
		require.NoError(t, err)
		require.False(t, e.At.Before(prev), "ordered by time at %d", count)
		require.Equal(t, base.Add(time.Duration(count)*time.Second), e.At.UTC())
		prev = e.At
		count++
	}
	assert.Equal(t, n, count)

	one := customers[7]
	seen, cursor := 0, ""
	for {
		page, next, err := store.Collect(st.Events(ctx(t), store.EventFilter{CustomerID: one, After: cursor, Limit: 501}), 500, store.EventCursor)
		require.NoError(t, err)
		for _, e := range page {
			require.Equal(t, one, e.CustomerID)
		}
		seen += len(page)
		if next == "" {
			break
		}
		cursor = next
	}
	assert.Equal(t, n/len(customers), seen)

	// Stopping a scan early is allowed and leaves the store usable.
	for range st.Events(ctx(t), store.EventFilter{}) {
		break
	}
	assert.Len(t, collect(t, st.Events(ctx(t), store.EventFilter{CustomerID: one, Limit: 3})), 3)
}
