package memory

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"slices"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// AppendEvents implements store.EventStore: all or nothing.
func (s *Store) AppendEvents(ctx context.Context, es []behavior.Event) error {
	if err := s.lock(ctx); err != nil {
		return err
	}
	defer s.mu.Unlock()
	prepared, err := s.prepareEvents(es, store.ConflictFail)
	if err != nil {
		return err
	}
	changes := make([]store.Change, len(prepared))
	for i, e := range prepared {
		if changes[i], err = store.EventChange(e); err != nil {
			return err
		}
	}
	s.appendChanges(ctx, changes...)
	for _, e := range prepared {
		s.events[e.ID] = e
	}
	return nil
}

func (s *Store) prepareEvents(es []behavior.Event, policy store.ConflictPolicy) ([]behavior.Event, error) {
	prepared, err := store.PrepareEvents(es)
	if err != nil {
		return nil, err
	}
	out := prepared[:0]
	for _, e := range prepared {
		if _, taken := s.events[e.ID]; taken {
			if policy == store.ConflictSkip {
				continue
			}
			return nil, fmt.Errorf("%w: event ID %s is taken", store.ErrConflict, e.ID)
		}
		out = append(out, e)
	}
	return out, nil
}

// Events implements store.EventStore.
func (s *Store) Events(ctx context.Context, f store.EventFilter) iter.Seq2[behavior.Event, error] {
	return yieldAll(ctx, func() ([]behavior.Event, error) {
		after, err := parseTimeCursor(f.After)
		if err != nil {
			return nil, err
		}
		if err := s.rlock(ctx); err != nil {
			return nil, err
		}
		defer s.mu.RUnlock()
		var sel []behavior.Event
		for _, e := range s.events {
			switch {
			case f.CustomerID != uuid.Nil && e.CustomerID != f.CustomerID,
				f.VisitorID != "" && e.VisitorID != f.VisitorID,
				f.SessionID != "" && e.SessionID != f.SessionID,
				f.ProductID != "" && e.ProductID != f.ProductID,
				len(f.Kinds) > 0 && !slices.Contains(f.Kinds, e.Kind),
				!f.Since.IsZero() && e.At.Before(f.Since),
				!f.Until.IsZero() && !e.At.Before(f.Until),
				after != nil && !after.before(e.At, e.ID, f.Desc):
				continue
			}
			sel = append(sel, e)
		}
		slices.SortFunc(sel, func(a, b behavior.Event) int {
			c := cmp.Or(a.At.Compare(b.At), store.CompareIDs(a.ID, b.ID))
			if f.Desc {
				return -c
			}
			return c
		})
		sel = limit(sel, f.Limit)
		for i := range sel {
			sel[i] = sel[i].Clone()
		}
		return sel, nil
	})
}
