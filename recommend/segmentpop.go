package recommend

import (
	"context"
)

// SegmentPop is popularity within customer segments (RFM segment, region, ...), for
// users the collaborative models know nothing about. A segment's counts are shrunk
// towards the global ones so small segments do not recommend noise:
// score = (count_seg + Shrink·p_global) / (n_seg + Shrink), with p_global the global
// count per user.
type SegmentPop struct {
	base
	Global   []float64
	segments map[string][]float64
	segUsers map[string]int
	shrink   float64
	userSeg  []string
}

// SegmentPopOptions configures SegmentPop.
type SegmentPopOptions struct {
	PopOptions
	// Shrink is the number of pseudo-users of global popularity mixed into each
	// segment; 0 means 20.
	Shrink float64
}

// TrainSegmentPop counts popularity per segment; segmentOf maps a user ID to its
// segment ("" for none).
func TrainSegmentPop(ctx context.Context, in *Interactions, segmentOf func(user string) string, opts *SegmentPopOptions) (*SegmentPop, error) {
	if in == nil || in.NumItems() == 0 {
		return nil, ErrEmpty
	}
	var o SegmentPopOptions
	if opts != nil {
		o = *opts
	}
	if o.Shrink < 0 {
		return nil, &ValidationError{Field: "SegmentPopOptions.Shrink", Value: o.Shrink, Reason: "negative"}
	}
	if o.Shrink == 0 {
		o.Shrink = 20
	}
	m := &SegmentPop{segments: map[string][]float64{}, segUsers: map[string]int{}, shrink: o.Shrink, userSeg: make([]string, in.NumUsers())}
	for u := range m.userSeg {
		if segmentOf != nil {
			m.userSeg[u] = segmentOf(in.Users.ID(u))
		}
		m.segUsers[m.userSeg[u]]++
	}
	m.Global = popularity(in, nil, o.PopOptions)
	for seg := range m.segUsers {
		if seg == "" {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		m.segments[seg] = popularity(in, func(u int) bool { return m.userSeg[u] == seg }, o.PopOptions)
	}
	m.init(in, m)
	return m, nil
}

// Name returns "segmentpop".
func (m *SegmentPop) Name() string { return "segmentpop" }

// ScoreInto writes the segment popularity of the known user u (global popularity for
// unknown users; use ScoreSegment for them).
func (m *SegmentPop) ScoreInto(u int, _ Row, dst []float64) {
	seg := ""
	if u >= 0 && u < len(m.userSeg) {
		seg = m.userSeg[u]
	}
	m.ScoreSegment(seg, dst)
}

// ScoreSegment writes the popularity within segment seg; an unknown or empty segment
// gets global popularity per user.
func (m *SegmentPop) ScoreSegment(seg string, dst []float64) {
	n := float64(m.data.NumUsers())
	counts, ok := m.segments[seg]
	if !ok {
		for i, g := range m.Global {
			dst[i] = g / n
		}
		return
	}
	ns := float64(m.segUsers[seg])
	for i, g := range m.Global {
		dst[i] = (counts[i] + m.shrink*g/n) / (ns + m.shrink)
	}
}

// HasSegment reports whether seg had users in training.
func (m *SegmentPop) HasSegment(seg string) bool { _, ok := m.segments[seg]; return ok }
