package memory

import (
	"context"
	"encoding/json"
	"iter"

	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

var _ store.Journal = (*Store)(nil)

// appendChanges numbers, stamps and chains cs onto the journal. It is
// called with the write lock held, after every check of the write has
// passed and in the same critical section as the write itself, so readers
// never see a write without its change or a change without its write.
func (s *Store) appendChanges(ctx context.Context, cs ...store.Change) {
	at := store.Timestamp(s.now())
	actor := store.ActorFrom(ctx)
	var prev store.Digest
	if n := len(s.journal); n > 0 {
		prev = s.journal[n-1].Hash
	}
	for _, c := range cs {
		c.Seq = int64(len(s.journal)) + 1
		c.At, c.Actor = at, actor
		c.Seal(prev)
		prev = c.Hash
		s.journal = append(s.journal, c)
	}
}

// Changes implements store.Journal.
func (s *Store) Changes(ctx context.Context, f store.ChangeFilter) iter.Seq2[store.Change, error] {
	return yieldAll(ctx, func() ([]store.Change, error) {
		if err := s.rlock(ctx); err != nil {
			return nil, err
		}
		defer s.mu.RUnlock()
		// Seq n sits at index n-1: start the scan at the reader's position.
		start := min(max(f.AfterSeq, 0), int64(len(s.journal)))
		var sel []store.Change
		for _, c := range s.journal[start:] {
			if !f.Match(c) {
				continue
			}
			sel = append(sel, c.Clone())
			if f.Limit > 0 && len(sel) == f.Limit {
				break
			}
		}
		return sel, nil
	})
}

// JournalHead implements store.Journal.
func (s *Store) JournalHead(ctx context.Context) (int64, store.Digest, error) {
	if err := s.rlock(ctx); err != nil {
		return 0, store.Digest{}, err
	}
	defer s.mu.RUnlock()
	if len(s.journal) == 0 {
		return 0, store.Digest{}, nil
	}
	c := s.journal[len(s.journal)-1]
	return c.Seq, c.Hash, nil
}

// AuditRecords returns the customer's changes, oldest first, each as a JSON
// object (privacy.AuditExporter). Changes of profiles merged into the
// customer are included: they are about the same person.
func (s *Store) AuditRecords(ctx context.Context, customerID uuid.UUID) ([]json.RawMessage, error) {
	if err := s.rlock(ctx); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	ids := store.MergedInto(customerID, s.journal)
	var out []json.RawMessage
	for _, c := range s.journal {
		if c.CustomerID != uuid.Nil && ids[c.CustomerID] {
			b, err := json.Marshal(c)
			if err != nil {
				return nil, err
			}
			out = append(out, b)
		}
	}
	return out, nil
}

// EraseAuditPayloads removes BeforeData and AfterData from the customer's
// changes and from those of profiles merged into it
// (privacy.AuditEraser). The digests stay, so the chain still verifies. It
// returns how many changes it scrubbed.
func (s *Store) EraseAuditPayloads(ctx context.Context, customerID uuid.UUID) (int, error) {
	if err := s.lock(ctx); err != nil {
		return 0, err
	}
	defer s.mu.Unlock()
	ids := store.MergedInto(customerID, s.journal)
	n := 0
	for i := range s.journal {
		c := &s.journal[i]
		if c.CustomerID != uuid.Nil && ids[c.CustomerID] && (c.BeforeData != nil || c.AfterData != nil) {
			c.BeforeData, c.AfterData = nil, nil
			n++
		}
	}
	return n, nil
}

// ScrubPayloads implements store.PayloadScrubber.
func (s *Store) ScrubPayloads(ctx context.Context, throughSeq int64) (int, error) {
	if err := s.lock(ctx); err != nil {
		return 0, err
	}
	defer s.mu.Unlock()
	n := 0
	for i := range s.journal {
		c := &s.journal[i]
		if c.Seq <= throughSeq && (c.BeforeData != nil || c.AfterData != nil) {
			c.BeforeData, c.AfterData = nil, nil
			n++
		}
	}
	return n, nil
}
