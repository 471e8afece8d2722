package storetest

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/crmkit/crmkit/store"
	"github.com/stretchr/testify/require"
)

// Opener returns a new, empty store for one subtest.
type Opener func(t *testing.T) store.Store

// Run runs the whole conformance suite against stores made by open.
func Run(t *testing.T, open Opener) {
	s := &suite{open: open}
	t.Run("Customers", s.customers)
	t.Run("CustomerScans", s.customerScans)
	t.Run("CustomerMerge", s.customerMerge)
	t.Run("Orders", s.orders)
	t.Run("OrderScans", s.orderScans)
	t.Run("Returns", s.returns)
	t.Run("Products", s.products)
	t.Run("Events", s.events)
	t.Run("EventScans", s.eventScans)
	t.Run("LargeEventScan", s.largeEventScan)
	t.Run("Summaries", s.summaries)
	t.Run("BulkLoad", s.bulkLoad)
	t.Run("Concurrency", s.concurrency)
	t.Run("Closed", s.closed)
	t.Run("JournalWrites", s.journalWrites)
	t.Run("JournalRejected", s.journalRejected)
	t.Run("JournalFilters", s.journalFilters)
	t.Run("JournalUpserts", s.journalUpserts)
	t.Run("JournalConcurrency", s.journalConcurrency)
	t.Run("JournalScrub", s.journalScrub)
	t.Run("JournalClosed", s.journalClosed)
}

type suite struct {
	open Opener
}

// fresh opens a store closed at the end of the subtest.
func (s *suite) fresh(t *testing.T) store.Store {
	t.Helper()
	st := s.open(t)
	t.Cleanup(func() { _ = st.Close() })
	return st
}

// ctx returns a context bounded so that a hung backend fails the test.
func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	t.Cleanup(cancel)
	return c
}

// sameJSON compares two records by their JSON form, which is how they travel
// through the API: decimals compare by value ("1.50" equals "1.5") and times
// by instant.
func sameJSON(t *testing.T, want, got any, msgAndArgs ...any) {
	t.Helper()
	w, err := json.Marshal(want)
	require.NoError(t, err)
	g, err := json.Marshal(got)
	require.NoError(t, err)
	require.JSONEq(t, string(w), string(g), msgAndArgs...)
}

// collect drains a scan, failing the test on an error.
func collect[T any](t *testing.T, seq func(yield func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

// scanErr drains a scan and returns its first error.
func scanErr[T any](seq func(yield func(T, error) bool)) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}

func stats(t *testing.T, st store.Store) store.Stats {
	t.Helper()
	s, err := st.Stats(ctx(t))
	require.NoError(t, err)
	return s
}
