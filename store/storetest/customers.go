package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func (s *suite) customers(t *testing.T) {
	t.Run("CreateAssignsAndNormalises", func(t *testing.T) {
		st := s.fresh(t)
		c := newCustomer(1)
		require.NoError(t, st.CreateCustomer(ctx(t), c))
		assert.NotEqual(t, uuid.Nil, c.ID)
		assert.Equal(t, int64(1), c.Version)
		assert.Equal(t, "Person.1@example.com", c.Email, "domain lower-cased")
		assert.Equal(t, "+442079460001", c.Phone)
		assert.Equal(t, []string{"newsletter", "cohort-1"}, c.Tags)
		assert.Equal(t, "GB", c.Addresses[0].Country)
		assert.True(t, c.CreatedAt.Equal(base.Add(time.Hour)), "a given CreatedAt is kept")
		got, err := st.GetCustomer(ctx(t), c.ID)
		require.NoError(t, err)
		sameJSON(t, c, got)
		assert.True(t, got.HasConsent(customer.ChannelEmail))
	})
	t.Run("TimesAreUTCMicroseconds", func(t *testing.T) {
		st := s.fresh(t)
		c := newCustomer(2)
		c.CreatedAt = time.Date(2025, 1, 2, 3, 4, 5, 123456789, time.FixedZone("CET", 3600))
		require.NoError(t, st.CreateCustomer(ctx(t), c))
		got, err := st.GetCustomer(ctx(t), c.ID)
		require.NoError(t, err)
		assert.Equal(t, time.Date(2025, 1, 2, 2, 4, 5, 123456000, time.UTC), got.CreatedAt.UTC())
		assert.Equal(t, 123456000, got.CreatedAt.Nanosecond())
	})
	t.Run("ValidationNamesField", func(t *testing.T) {
		st := s.fresh(t)
		c := newCustomer(3)
		c.Email = "not-an-address"
		err := st.CreateCustomer(ctx(t), c)
		var ve *customer.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, "email", ve.Field)
		assert.Equal(t, "not-an-address", ve.Value)
		assert.Equal(t, int64(0), stats(t, st).Customers)
	})
	t.Run("Conflicts", func(t *testing.T) {
		st := s.fresh(t)
		a := newCustomer(4)
		require.NoError(t, st.CreateCustomer(ctx(t), a))
		sameEmail := newCustomer(5)
		sameEmail.Email = "PERSON.4@example.com"
		require.ErrorIs(t, st.CreateCustomer(ctx(t), sameEmail), store.ErrConflict, "e-mail compared case-insensitively")
		sameExt := newCustomer(6)
		sameExt.ExternalID = a.ExternalID
		require.ErrorIs(t, st.CreateCustomer(ctx(t), sameExt), store.ErrConflict)
		sameID := newCustomer(7)
		sameID.ID = a.ID
		require.ErrorIs(t, st.CreateCustomer(ctx(t), sameID), store.ErrConflict)
		assert.Equal(t, int64(1), stats(t, st).Customers)
	})
	t.Run("NotFound", func(t *testing.T) {
		st := s.fresh(t)
		_, err := st.GetCustomer(ctx(t), uuid.New())
		require.ErrorIs(t, err, store.ErrNotFound)
		_, err = st.GetCustomerByEmail(ctx(t), "nobody@example.com")
		require.ErrorIs(t, err, store.ErrNotFound)
		_, err = st.GetCustomerByExternalID(ctx(t), "nobody")
		require.ErrorIs(t, err, store.ErrNotFound)
		require.ErrorIs(t, st.DeleteCustomer(ctx(t), uuid.New()), store.ErrNotFound)
		c := newCustomer(8)
		c.ID = uuid.New()
		c.Version = 1
		require.ErrorIs(t, st.UpdateCustomer(ctx(t), c), store.ErrNotFound)
	})
	t.Run("Lookups", func(t *testing.T) {
		st := s.fresh(t)
		c := newCustomer(9)
		require.NoError(t, st.CreateCustomer(ctx(t), c))
		got, err := st.GetCustomerByEmail(ctx(t), "  person.9@EXAMPLE.com ")
		require.NoError(t, err)
		assert.Equal(t, c.ID, got.ID)
		got, err = st.GetCustomerByExternalID(ctx(t), "ext-00009")
		require.NoError(t, err)
		assert.Equal(t, c.ID, got.ID)
	})
	t.Run("CopiesInAndOut", func(t *testing.T) {
		st := s.fresh(t)
		c := newCustomer(10)
		require.NoError(t, st.CreateCustomer(ctx(t), c))
		c.Tags[0] = "mutated"
		c.Attributes["source"] = "mutated"
		c.Addresses[0].City = "mutated"
		got, err := st.GetCustomer(ctx(t), c.ID)
		require.NoError(t, err)
		got.Tags[0] = "mutated-too"
		got.Consents[0].Source = "mutated-too"
		again, err := st.GetCustomer(ctx(t), c.ID)
		require.NoError(t, err)
		assert.Equal(t, "newsletter", again.Tags[0])
		assert.Equal(t, "storetest", again.Attributes["source"])
		assert.Equal(t, "London", again.Addresses[0].City)
		assert.Equal(t, "checkout", again.Consents[0].Source)
	})
	t.Run("OptimisticUpdate", func(t *testing.T) {
		st := s.fresh(t)
		c := newCustomer(11)
		require.NoError(t, st.CreateCustomer(ctx(t), c))
		created := c.CreatedAt
		stale := c.Clone()

		c.FirstName = "Augusta"
		c.AddTag("vip")
		require.NoError(t, st.UpdateCustomer(ctx(t), c))
		assert.Equal(t, int64(2), c.Version)
		assert.True(t, c.CreatedAt.Equal(created))

		stale.FirstName = "Stale"
		require.ErrorIs(t, st.UpdateCustomer(ctx(t), &stale), store.ErrConflict)
		got, err := st.GetCustomer(ctx(t), c.ID)
		require.NoError(t, err)
		assert.Equal(t, "Augusta", got.FirstName, "a stale update changes nothing")
		assert.Equal(t, int64(2), got.Version)
		assert.True(t, got.HasTag("VIP"))
		sameJSON(t, c, got)

		bad := got.Clone()
		bad.Phone = "12ab"
		var ve *customer.ValidationError
		require.ErrorAs(t, st.UpdateCustomer(ctx(t), &bad), &ve)
		assert.Equal(t, "phone", ve.Field)
		assert.Equal(t, int64(2), bad.Version, "a failed update leaves the caller's value alone")
	})
	t.Run("UpdateToTakenEmail", func(t *testing.T) {
		st := s.fresh(t)
		a, b := newCustomer(12), newCustomer(13)
		require.NoError(t, st.CreateCustomers(ctx(t), []*customer.Customer{a, b}))
		b.Email = "person.12@example.com"
		require.ErrorIs(t, st.UpdateCustomer(ctx(t), b), store.ErrConflict)
		got, err := st.GetCustomerByEmail(ctx(t), "person.13@example.com")
		require.NoError(t, err)
		assert.Equal(t, int64(1), got.Version)
	})
	t.Run("BatchIsAtomic", func(t *testing.T) {
		st := s.fresh(t)
		good, bad := newCustomer(14), newCustomer(15)
		bad.Addresses[0].Country = "Britain"
		err := st.CreateCustomers(ctx(t), []*customer.Customer{good, bad})
		var ve *customer.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, "addresses[0].country", ve.Field)
		dupA, dupB := newCustomer(16), newCustomer(17)
		dupB.Email = dupA.Email
		require.ErrorIs(t, st.CreateCustomers(ctx(t), []*customer.Customer{dupA, dupB}), store.ErrConflict)
		assert.Equal(t, int64(0), stats(t, st).Customers)
		_, err = st.GetCustomerByEmail(ctx(t), good.Email)
		require.ErrorIs(t, err, store.ErrNotFound)
	})
	t.Run("DeleteKeepsOrdersDropsEvents", func(t *testing.T) {
		st := s.fresh(t)
		c := newCustomer(18)
		require.NoError(t, st.CreateCustomer(ctx(t), c))
		o := newOrder(c.ID, "D-1", base)
		require.NoError(t, st.CreateOrder(ctx(t), o))
		require.NoError(t, st.AppendEvents(ctx(t), []behavior.Event{newEvent(c.ID, behavior.KindView, "p-mug", base)}))
		require.NoError(t, st.DeleteCustomer(ctx(t), c.ID))
		_, err := st.GetCustomer(ctx(t), c.ID)
		require.ErrorIs(t, err, store.ErrNotFound)
		kept, err := st.GetOrder(ctx(t), o.ID)
		require.NoError(t, err)
		assert.Equal(t, c.ID, kept.CustomerID)
		assert.Empty(t, collect(t, st.Events(ctx(t), store.EventFilter{CustomerID: c.ID})))
		// The e-mail is free again.
		again := newCustomer(18)
		require.NoError(t, st.CreateCustomer(ctx(t), again))
	})
}

func (s *suite) customerMerge(t *testing.T) {
	st := s.fresh(t)
	keep, drop := newCustomer(20), newCustomer(21)
	drop.FirstName = "Byron"
	drop.Tags = []string{"vip"}
	drop.Attributes = map[string]string{"source": "import", "tier": "gold"}
	require.NoError(t, st.CreateCustomers(ctx(t), []*customer.Customer{keep, drop}))
	o := newOrder(drop.ID, "M-1", base)
	require.NoError(t, st.CreateOrder(ctx(t), o))
	require.NoError(t, st.AppendEvents(ctx(t), []behavior.Event{newEvent(drop.ID, behavior.KindView, "p-mug", base)}))

	merged, err := st.MergeCustomers(ctx(t), keep.ID, drop.ID)
	require.NoError(t, err)
	assert.Equal(t, keep.ID, merged.ID)
	assert.Equal(t, int64(2), merged.Version)
	assert.Equal(t, "Ada", merged.FirstName)
	assert.Equal(t, "Byron", merged.Attributes[customer.MergedFromPrefix+drop.ID.String()+".first_name"])
	assert.Equal(t, "gold", merged.Attributes["tier"])
	assert.True(t, merged.HasTag("vip"))
	assert.True(t, merged.HasTag("newsletter"))

	_, err = st.GetCustomer(ctx(t), drop.ID)
	require.ErrorIs(t, err, store.ErrNotFound)
	got, err := st.GetOrder(ctx(t), o.ID)
	require.NoError(t, err)
	assert.Equal(t, keep.ID, got.CustomerID)
	assert.Len(t, collect(t, st.Events(ctx(t), store.EventFilter{CustomerID: keep.ID})), 1)
	stored, err := st.GetCustomer(ctx(t), keep.ID)
	require.NoError(t, err)
	sameJSON(t, merged, stored)

	_, err = st.MergeCustomers(ctx(t), keep.ID, keep.ID)
	require.ErrorIs(t, err, store.ErrConflict)
	_, err = st.MergeCustomers(ctx(t), keep.ID, uuid.New())
	require.ErrorIs(t, err, store.ErrNotFound)
}

func (s *suite) customerScans(t *testing.T) {
	st := s.fresh(t)
	const n = 25
	var all []*customer.Customer
	for i := range n {
		c := newCustomer(100 + i)
		// Pairs share a creation time so the ID breaks the tie.
		c.CreatedAt = base.Add(time.Duration(i/2) * time.Minute)
		if i%5 == 0 {
			c.Tags = append(c.Tags, "VIP")
		}
		all = append(all, c)
	}
	require.NoError(t, st.CreateCustomers(ctx(t), all))

	got := collect(t, st.Customers(ctx(t), store.CustomerFilter{}))
	require.Len(t, got, n)
	for i := 1; i < len(got); i++ {
		prev, cur := got[i-1], got[i]
		ordered := prev.CreatedAt.Before(cur.CreatedAt) || prev.CreatedAt.Equal(cur.CreatedAt) && store.CompareIDs(prev.ID, cur.ID) < 0
		require.True(t, ordered, "customers ordered by (created_at, id) at %d", i)
	}

	vip := collect(t, st.Customers(ctx(t), store.CustomerFilter{Tag: "vip"}))
	assert.Len(t, vip, 5)
	byEmail := collect(t, st.Customers(ctx(t), store.CustomerFilter{Email: "PERSON.107@example.com"}))
	require.Len(t, byEmail, 1)
	assert.Equal(t, all[7].ID, byEmail[0].ID)
	window := collect(t, st.Customers(ctx(t), store.CustomerFilter{CreatedFrom: base.Add(2 * time.Minute), CreatedTo: base.Add(5 * time.Minute)}))
	assert.Len(t, window, 6, "minutes 2, 3 and 4, two customers each; the end is exclusive")

	// Pages of 4 reach every customer exactly once, in order.
	var paged []customer.Customer
	cursor := ""
	for pages := 0; ; pages++ {
		require.Less(t, pages, 20)
		page, next, err := store.Collect(st.Customers(ctx(t), store.CustomerFilter{After: cursor, Limit: 5}), 4, store.CustomerCursor)
		require.NoError(t, err)
		paged = append(paged, page...)
		if next == "" {
			break
		}
		cursor = next
	}
	require.Len(t, paged, n)
	for i := range got {
		assert.Equal(t, got[i].ID, paged[i].ID)
	}
	limited := collect(t, st.Customers(ctx(t), store.CustomerFilter{Limit: 3}))
	assert.Len(t, limited, 3)

	err := scanErr(st.Customers(ctx(t), store.CustomerFilter{After: "%%not-a-cursor"}))
	require.True(t, errors.Is(err, store.ErrBadCursor), "got %v", err)
}
