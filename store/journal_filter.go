package store

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/google/uuid"
)

// Keys of Change.Detail.
const (
	DetailStatusFrom = "status.from" // an order's or return's status before an update that changed it
	DetailStatusTo   = "status.to"   // ... and after
	DetailKind       = "kind"        // an appended event's behavior.Kind
	DetailDropped    = "dropped"     // the profile ID a merge folded into EntityID
)

// Match reports whether c passes every restriction of f except Limit, which
// bounds a scan rather than selecting changes.
func (f ChangeFilter) Match(c Change) bool {
	switch {
	case c.Seq <= f.AfterSeq,
		f.CustomerID != uuid.Nil && c.CustomerID != f.CustomerID,
		f.Actor != "" && c.Actor != f.Actor,
		f.Entity != "" && c.Entity != f.Entity,
		f.EntityID != "" && c.EntityID != f.EntityID,
		!f.Since.IsZero() && c.At.Before(f.Since),
		!f.Until.IsZero() && !c.At.Before(f.Until):
		return false
	}
	return true
}

// Clone returns a copy of c that shares no map or slice with it.
func (c Change) Clone() Change {
	if c.Detail != nil {
		d := make(map[string]string, len(c.Detail))
		for k, v := range c.Detail {
			d[k] = v
		}
		c.Detail = d
	}
	if c.BeforeData != nil {
		c.BeforeData = append([]byte(nil), c.BeforeData...)
	}
	if c.AfterData != nil {
		c.AfterData = append([]byte(nil), c.AfterData...)
	}
	return c
}

// MergedInto returns id and the IDs of every profile merged into it,
// directly or through a chain of merges, as recorded by the OpMerge changes
// among cs. Audit exports and erasures use it: the dropped profile's
// history is about the same person.
func MergedInto(id uuid.UUID, cs []Change) map[uuid.UUID]bool {
	ids := map[uuid.UUID]bool{id: true}
	// Merges are recorded in order; a profile dropped into one that was
	// itself later dropped into id is found by repeating until nothing new.
	for grew := true; grew; {
		grew = false
		for _, c := range cs {
			if c.Op != OpMerge || !ids[c.CustomerID] {
				continue
			}
			d, err := uuid.Parse(c.Detail[DetailDropped])
			if err == nil && !ids[d] {
				ids[d], grew = true, true
			}
		}
	}
	return ids
}

// ChangesJSON encodes cs in Seq order, each as its own JSON object: the form
// of privacy.AuditExporter's records.
func ChangesJSON(cs []Change) ([]json.RawMessage, error) {
	slices.SortFunc(cs, func(a, b Change) int { return cmp.Compare(a.Seq, b.Seq) })
	out := make([]json.RawMessage, 0, len(cs))
	for _, c := range cs {
		b, err := json.Marshal(c)
		if err != nil {
			return nil, fmt.Errorf("store: change %d: %w", c.Seq, err)
		}
		out = append(out, b)
	}
	return out, nil
}
