package storetest

import (
	"crypto/sha256"
	"encoding/json"
	"testing"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// journalOf returns st's Journal, skipping the test when st keeps none (a
// wrapper that hides the optional interfaces, for one).
func journalOf(t *testing.T, st store.Store) store.Journal {
	t.Helper()
	j, ok := st.(store.Journal)
	if !ok {
		t.Skip("the store does not implement store.Journal")
	}
	return j
}

// allChanges reads the whole journal.
func allChanges(t *testing.T, j store.Journal) []store.Change {
	t.Helper()
	return collect(t, j.Changes(ctx(t), store.ChangeFilter{}))
}

// checkChain asserts that cs is the whole journal: Seq 1..n without gaps,
// every PrevHash the Hash before it, every Hash recomputed from the change,
// and the head at the last change. The suite checks the chain itself rather
// than through package audit, so a backend is held to the contract directly.
func checkChain(t *testing.T, j store.Journal, cs []store.Change) {
	t.Helper()
	var prev store.Digest
	for i, c := range cs {
		require.Equal(t, int64(i+1), c.Seq, "Seq of change %d", i)
		require.Equal(t, prev, c.PrevHash, "PrevHash of change %d", c.Seq)
		require.Equal(t, store.ChainHash(prev, c), c.Hash, "Hash of change %d", c.Seq)
		prev = c.Hash
	}
	seq, hash, err := j.JournalHead(ctx(t))
	require.NoError(t, err)
	require.Equal(t, int64(len(cs)), seq, "head Seq")
	require.Equal(t, prev, hash, "head Hash")
}

// headSeq returns the Seq of the newest change.
func headSeq(t *testing.T, j store.Journal) int64 {
	t.Helper()
	seq, _, err := j.JournalHead(ctx(t))
	require.NoError(t, err)
	return seq
}

// checkPayload asserts that a change's digest is that of its JSON payload and
// that the payload decodes to want (compared as JSON).
func checkPayload(t *testing.T, d store.Digest, data json.RawMessage, want any, what string) {
	t.Helper()
	require.NotNil(t, data, "%s: payload missing", what)
	require.Equal(t, store.Digest(sha256.Sum256(data)), d, "%s: digest is not the payload's SHA-256", what)
	sameJSON(t, want, data, what)
}

// journalWrites makes one write of every kind and checks the change each
// leaves: operation, entity, IDs, count, detail, digests, payloads, actor.
func (s *suite) journalWrites(t *testing.T) {
	st := s.fresh(t)
	j := journalOf(t, st)
	require.Zero(t, headSeq(t, j), "a new store's journal is empty")
	start := time.Now().UTC().Truncate(time.Microsecond)
	alice := store.WithActor(ctx(t), "alice")

	c1, c2 := newCustomer(1), newCustomer(2)
	require.NoError(t, st.CreateCustomers(alice, []*customer.Customer{c1, c2}))
	created := c1.Clone()
	c1.Interests = append(c1.Interests, "tea")
	require.NoError(t, st.UpdateCustomer(alice, c1))
	o := newOrder(c1.ID, "J-1", base)
	require.NoError(t, st.CreateOrder(alice, o))
	paid := o.Clone()
	o.Status, o.ShippedAt = order.StatusShipped, base.Add(time.Hour)
	require.NoError(t, st.UpdateOrder(alice, o))
	r := newReturn(o, base.Add(72*time.Hour))
	require.NoError(t, st.CreateReturn(alice, r))
	requested := r.Clone()
	r.Status = order.ReturnApproved
	require.NoError(t, st.UpdateReturn(alice, r))
	require.NoError(t, st.UpsertProducts(alice, []order.Product{newProduct("p-mug", "kitchen", true), newProduct("p-tea", "food", true)}))
	ev := []behavior.Event{newEvent(c1.ID, behavior.KindView, "p-mug", base), newEvent(uuid.Nil, behavior.KindSearch, "", base.Add(time.Second))}
	ev[0].ID, ev[1].ID = uuid.New(), uuid.New()
	ev[1].VisitorID = "v-1"
	require.NoError(t, st.AppendEvents(alice, ev))
	beforeMerge, err := st.GetCustomer(ctx(t), c1.ID)
	require.NoError(t, err)
	merged, err := st.MergeCustomers(alice, c1.ID, c2.ID)
	require.NoError(t, err)
	o2 := newOrder(c1.ID, "J-2", base.Add(time.Hour))
	require.NoError(t, st.CreateOrder(ctx(t), o2)) // no actor
	require.NoError(t, st.DeleteOrder(alice, o2.ID))
	require.NoError(t, st.DeleteCustomer(alice, c1.ID))
	loaded := newCustomer(3)
	loaded.ID = uuid.New()
	lo := newOrder(loaded.ID, "J-3", base)
	lo.ID = uuid.New()
	_, err = store.Load(alice, st, store.Batch{
		Customers: []customer.Customer{*loaded},
		Orders:    []order.Order{*lo},
		Events:    []behavior.Event{newEvent(loaded.ID, behavior.KindView, "p-mug", base), newEvent(loaded.ID, behavior.KindClick, "p-mug", base)},
	}, store.ConflictFail)
	require.NoError(t, err)
	end := time.Now().UTC().Add(time.Second)

	cs := allChanges(t, j)
	checkChain(t, j, cs)
	type want struct {
		op       store.Op
		entity   store.Entity
		id       string
		customer uuid.UUID
		detail   map[string]string
	}
	wants := []want{
		{store.OpCreate, store.EntityCustomer, c1.ID.String(), c1.ID, nil},
		{store.OpCreate, store.EntityCustomer, c2.ID.String(), c2.ID, nil},
		{store.OpUpdate, store.EntityCustomer, c1.ID.String(), c1.ID, nil},
		{store.OpCreate, store.EntityOrder, o.ID.String(), c1.ID, nil},
		{store.OpUpdate, store.EntityOrder, o.ID.String(), c1.ID, map[string]string{store.DetailStatusFrom: "paid", store.DetailStatusTo: "shipped"}},
		{store.OpCreate, store.EntityReturn, r.ID.String(), c1.ID, nil},
		{store.OpUpdate, store.EntityReturn, r.ID.String(), c1.ID, map[string]string{store.DetailStatusFrom: "requested", store.DetailStatusTo: "approved"}},
		{store.OpUpsert, store.EntityProduct, "p-mug", uuid.Nil, nil},
		{store.OpUpsert, store.EntityProduct, "p-tea", uuid.Nil, nil},
		{store.OpAppend, store.EntityEvent, ev[0].ID.String(), c1.ID, map[string]string{store.DetailKind: "view"}},
		{store.OpAppend, store.EntityEvent, ev[1].ID.String(), uuid.Nil, map[string]string{store.DetailKind: "search"}},
		{store.OpMerge, store.EntityCustomer, c1.ID.String(), c1.ID, map[string]string{store.DetailDropped: c2.ID.String()}},
		{store.OpCreate, store.EntityOrder, o2.ID.String(), c1.ID, nil},
		{store.OpDelete, store.EntityOrder, o2.ID.String(), c1.ID, nil},
		{store.OpDelete, store.EntityCustomer, c1.ID.String(), c1.ID, nil},
	}
	_, isBulk := st.(store.BulkLoader)
	if isBulk {
		require.Len(t, seqs(cs), len(wants)+3, "one change per record written, one per kind of a bulk load")
	} else {
		// store.Load without a BulkLoader writes each record through its
		// batch method: one change per record.
		require.Len(t, seqs(cs), len(wants)+4)
	}
	var lastAt time.Time
	for i, c := range cs {
		assert.Equal(t, time.UTC, c.At.Location(), "change %d: At not in UTC", c.Seq)
		assert.Equal(t, c.At, c.At.Truncate(time.Microsecond), "change %d: At finer than microseconds", c.Seq)
		assert.False(t, c.At.Before(start) || c.At.After(end), "change %d: At %v outside the test's run [%v, %v]", c.Seq, c.At, start, end)
		assert.False(t, c.At.Before(lastAt), "change %d: At goes back in time", c.Seq)
		lastAt = c.At
		if i >= len(wants) {
			continue
		}
		w := wants[i]
		assert.Equal(t, w.op, c.Op, "change %d", c.Seq)
		assert.Equal(t, w.entity, c.Entity, "change %d", c.Seq)
		assert.Equal(t, w.id, c.EntityID, "change %d", c.Seq)
		assert.Equal(t, w.customer, c.CustomerID, "change %d", c.Seq)
		assert.Equal(t, 1, c.Count, "change %d", c.Seq)
		if w.detail == nil {
			assert.Empty(t, c.Detail, "change %d", c.Seq)
		} else {
			assert.Equal(t, w.detail, c.Detail, "change %d", c.Seq)
		}
		wantActor := "alice"
		if w.id == o2.ID.String() && w.op == store.OpCreate {
			wantActor = ""
		}
		assert.Equal(t, wantActor, c.Actor, "change %d", c.Seq)
	}

	// Digests and payloads.
	checkPayload(t, cs[0].After, cs[0].AfterData, created, "customer create")
	assert.True(t, cs[0].Before.IsZero() && cs[0].BeforeData == nil, "a create has no before")
	checkPayload(t, cs[2].Before, cs[2].BeforeData, created, "customer update before")
	checkPayload(t, cs[2].After, cs[2].AfterData, c1, "customer update after")
	checkPayload(t, cs[3].After, cs[3].AfterData, paid, "order create")
	checkPayload(t, cs[4].Before, cs[4].BeforeData, paid, "order update before")
	checkPayload(t, cs[4].After, cs[4].AfterData, o, "order update after")
	checkPayload(t, cs[5].After, cs[5].AfterData, requested, "return create")
	checkPayload(t, cs[6].Before, cs[6].BeforeData, requested, "return update before")
	checkPayload(t, cs[6].After, cs[6].AfterData, r, "return update after")
	for _, c := range cs[7:11] {
		assert.False(t, c.After.IsZero(), "change %d: upserts and appends keep the record's digest", c.Seq)
		assert.True(t, c.Before.IsZero(), "change %d", c.Seq)
		assert.Nil(t, c.AfterData, "change %d: products and events keep no payload", c.Seq)
	}
	checkPayload(t, cs[11].Before, cs[11].BeforeData, beforeMerge, "merge before")
	checkPayload(t, cs[11].After, cs[11].AfterData, merged, "merge after")
	checkPayload(t, cs[13].Before, cs[13].BeforeData, o2, "order delete before")
	assert.True(t, cs[13].After.IsZero() && cs[13].AfterData == nil, "a delete has no after")
	del := cs[14]
	assert.False(t, del.Before.IsZero(), "a profile delete keeps the profile's digest")
	assert.Nil(t, del.BeforeData, "a profile delete keeps no copy of the profile")
	checkPayload(t, del.Before, json.RawMessage(mustJSON(t, merged)), merged, "profile delete digest")

	if !isBulk {
		return
	}
	loads := cs[15:]
	want3 := []struct {
		e store.Entity
		n int
	}{{store.EntityCustomer, 1}, {store.EntityOrder, 1}, {store.EntityEvent, 2}}
	for i, c := range loads {
		assert.Equal(t, store.OpLoad, c.Op, "change %d", c.Seq)
		assert.Equal(t, want3[i].e, c.Entity, "change %d", c.Seq)
		assert.Equal(t, want3[i].n, c.Count, "change %d", c.Seq)
		assert.Empty(t, c.EntityID, "change %d", c.Seq)
		assert.Equal(t, uuid.Nil, c.CustomerID, "change %d", c.Seq)
		assert.Equal(t, "alice", c.Actor, "change %d", c.Seq)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

// journalRejected makes writes that fail and checks that none of them
// leaves a change.
func (s *suite) journalRejected(t *testing.T) {
	st := s.fresh(t)
	j := journalOf(t, st)
	c := newCustomer(1)
	require.NoError(t, st.CreateCustomer(ctx(t), c))
	o := newOrder(c.ID, "X-1", base)
	require.NoError(t, st.CreateOrder(ctx(t), o))
	before := allChanges(t, j)
	require.Len(t, before, 2)

	bad := newCustomer(2)
	bad.Email = "not an e-mail"
	stale := c.Clone()
	stale.Version = 99
	dupEmail := newCustomer(3)
	dupEmail.Email = c.Email
	badOrder := newOrder(c.ID, "X-2", base)
	badOrder.Status = order.StatusDelivered
	badOrder.Status = "lost"
	badTransition := o.Clone()
	badTransition.Status = order.StatusPending
	dupEvent := newEvent(c.ID, behavior.KindView, "p-mug", base)
	dupEvent.ID = uuid.New()
	fails := map[string]func() error{
		"validation":         func() error { return st.CreateCustomer(ctx(t), bad) },
		"batch with one bad": func() error { return st.CreateCustomers(ctx(t), []*customer.Customer{newCustomer(4), bad}) },
		"e-mail conflict":    func() error { return st.CreateCustomer(ctx(t), dupEmail) },
		"stale version":      func() error { return st.UpdateCustomer(ctx(t), &stale) },
		"missing delete":     func() error { return st.DeleteCustomer(ctx(t), uuid.New()) },
		"merge with itself":  func() error { _, err := st.MergeCustomers(ctx(t), c.ID, c.ID); return err },
		"merge with missing": func() error { _, err := st.MergeCustomers(ctx(t), c.ID, uuid.New()); return err },
		"order validation":   func() error { return st.CreateOrder(ctx(t), badOrder) },
		"order number taken": func() error { return st.CreateOrder(ctx(t), newOrder(c.ID, "X-1", base)) },
		"bad transition":     func() error { return st.UpdateOrder(ctx(t), &badTransition) },
		"missing order":      func() error { return st.DeleteOrder(ctx(t), uuid.New()) },
		"return of no order": func() error { return st.CreateReturn(ctx(t), newReturn(&order.Order{ID: uuid.New()}, base)) },
		"bad product": func() error {
			return st.UpsertProducts(ctx(t), []order.Product{newProduct("p-1", "x", true), {ID: ""}})
		},
		"events repeated ID": func() error { return st.AppendEvents(ctx(t), []behavior.Event{dupEvent, dupEvent}) },
		"bad event":          func() error { return st.AppendEvents(ctx(t), []behavior.Event{{Kind: "nonsense", At: base}}) },
		"load with conflict": func() error {
			_, err := store.Load(ctx(t), st, store.Batch{Customers: []customer.Customer{*dupEmail}}, store.ConflictFail)
			return err
		},
	}
	for name, write := range fails {
		require.Error(t, write(), name)
		after := allChanges(t, j)
		require.Equal(t, before, after, "%s: a rejected write left a change", name)
	}
	checkChain(t, j, before)
}

// journalFilters checks every field of ChangeFilter against
// ChangeFilter.Match over the whole journal, and a few counts by hand.
func (s *suite) journalFilters(t *testing.T) {
	st := s.fresh(t)
	j := journalOf(t, st)
	var customers []*customer.Customer
	for i := range 3 {
		actor := []string{"alice", "bob", "carol"}[i]
		c := newCustomer(i)
		require.NoError(t, st.CreateCustomer(store.WithActor(ctx(t), actor), c))
		customers = append(customers, c)
		time.Sleep(2 * time.Millisecond) // distinct At values for the time bounds
		for k := range 2 {
			o := newOrder(c.ID, "F-"+actor+"-"+string(rune('a'+k)), base)
			require.NoError(t, st.CreateOrder(store.WithActor(ctx(t), actor), o))
		}
		time.Sleep(2 * time.Millisecond)
	}
	require.NoError(t, st.UpsertProducts(ctx(t), []order.Product{newProduct("p-mug", "kitchen", true)}))
	all := allChanges(t, j)
	require.Len(t, all, 10)
	checkChain(t, j, all)

	mid := all[4].At
	filters := []store.ChangeFilter{
		{AfterSeq: 3}, {AfterSeq: 10}, {AfterSeq: 99},
		{CustomerID: customers[1].ID}, {CustomerID: uuid.New()},
		{Actor: "carol"}, {Actor: "nobody"},
		{Entity: store.EntityOrder}, {Entity: store.EntityProduct},
		{EntityID: customers[2].ID.String()}, {EntityID: "p-mug"},
		{Since: mid}, {Until: mid}, {Since: all[1].At, Until: all[7].At},
		{Limit: 4}, {AfterSeq: 2, Limit: 3}, {Entity: store.EntityOrder, Limit: 2},
		{Actor: "bob", Entity: store.EntityOrder, AfterSeq: 4},
	}
	for _, f := range filters {
		var want []store.Change
		for _, c := range all {
			if f.Match(c) && (f.Limit == 0 || len(want) < f.Limit) {
				want = append(want, c)
			}
		}
		got := collect(t, j.Changes(ctx(t), f))
		require.Equal(t, seqs(want), seqs(got), "filter %+v", f)
	}
	// The reference itself, by hand.
	count := func(f store.ChangeFilter) int { return len(collect(t, j.Changes(ctx(t), f))) }
	assert.Equal(t, 7, count(store.ChangeFilter{AfterSeq: 3}))
	assert.Equal(t, 3, count(store.ChangeFilter{CustomerID: customers[1].ID}))
	assert.Equal(t, 3, count(store.ChangeFilter{Actor: "carol"}))
	assert.Equal(t, 6, count(store.ChangeFilter{Entity: store.EntityOrder}))
	assert.Equal(t, 1, count(store.ChangeFilter{EntityID: "p-mug"}))
	assert.Equal(t, 4, count(store.ChangeFilter{Limit: 4}))

	// A reader that stops early gets no error and leaves the journal usable.
	for _, err := range j.Changes(ctx(t), store.ChangeFilter{}) {
		require.NoError(t, err)
		break
	}
	assert.Equal(t, int64(10), headSeq(t, j))
}

func seqs(cs []store.Change) []int64 {
	out := make([]int64, len(cs))
	for i, c := range cs {
		out[i] = c.Seq
	}
	return out
}

// journalClosed checks that a closed store's journal says so.
func (s *suite) journalClosed(t *testing.T) {
	st := s.open(t)
	j := journalOf(t, st)
	require.NoError(t, st.Close())
	require.ErrorIs(t, scanErr(j.Changes(ctx(t), store.ChangeFilter{})), store.ErrClosed)
	_, _, err := j.JournalHead(ctx(t))
	require.ErrorIs(t, err, store.ErrClosed)
}

// journalUpserts: an upsert records one change per product given, a
// repeated ID included (the last one given is stored).
func (s *suite) journalUpserts(t *testing.T) {
	st := s.fresh(t)
	j := journalOf(t, st)
	first, second := newProduct("p-1", "kitchen", true), newProduct("p-1", "kitchen", false)
	second.Name = "Renamed"
	require.NoError(t, st.UpsertProducts(ctx(t), []order.Product{first, newProduct("p-2", "food", true), second}))
	got, err := st.GetProduct(ctx(t), "p-1")
	require.NoError(t, err)
	assert.Equal(t, "Renamed", got.Name)
	cs := allChanges(t, j)
	checkChain(t, j, cs)
	require.Len(t, seqs(cs), 3)
	for i, id := range []string{"p-1", "p-2", "p-1"} {
		assert.Equal(t, store.OpUpsert, cs[i].Op)
		assert.Equal(t, id, cs[i].EntityID)
	}
	assert.NotEqual(t, cs[0].After, cs[2].After, "each change digests the product it was given")
}

// journalScrub: ScrubPayloads clears the payloads up to a Seq and no
// further, keeps every digest (the chain still verifies), and counts only
// changes that had payloads, so a second call counts none.
func (s *suite) journalScrub(t *testing.T) {
	st := s.fresh(t)
	j := journalOf(t, st)
	sc, ok := st.(store.PayloadScrubber)
	if !ok {
		t.Skip("the store does not implement store.PayloadScrubber")
	}
	var cs []*customer.Customer
	for i := range 4 {
		c := newCustomer(i)
		require.NoError(t, st.CreateCustomer(ctx(t), c))
		cs = append(cs, c)
	}
	cs[0].FirstName = "Updated"
	require.NoError(t, st.UpdateCustomer(ctx(t), cs[0])) // Seq 5
	require.NoError(t, st.UpsertProducts(ctx(t), []order.Product{newProduct("p-1", "kitchen", true)}))
	before := allChanges(t, j)
	require.Len(t, before, 6)

	n, err := sc.ScrubPayloads(ctx(t), 3)
	require.NoError(t, err)
	assert.Equal(t, 3, n, "the three creates had payloads")
	after := allChanges(t, j)
	checkChain(t, j, after)
	for i, c := range after {
		assert.Equal(t, before[i].Hash, c.Hash, "change %d: scrubbing changed the chain", c.Seq)
		assert.Equal(t, before[i].After, c.After, "change %d: scrubbing changed a digest", c.Seq)
		if c.Seq <= 3 {
			assert.Nil(t, c.AfterData, "change %d keeps its payload", c.Seq)
			assert.Nil(t, c.BeforeData, "change %d keeps its payload", c.Seq)
		} else {
			assert.Equal(t, before[i].AfterData, c.AfterData, "change %d: a payload after the point was scrubbed", c.Seq)
			assert.Equal(t, before[i].BeforeData, c.BeforeData, "change %d: a payload after the point was scrubbed", c.Seq)
		}
	}
	n, err = sc.ScrubPayloads(ctx(t), 3)
	require.NoError(t, err)
	assert.Zero(t, n, "a second scrub through the same point")
	n, err = sc.ScrubPayloads(ctx(t), headSeq(t, j))
	require.NoError(t, err)
	assert.Equal(t, 2, n, "the fourth create and the update had payloads; the product none")
}
