package eval

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/crmkit/crmkit/recommend"
)

// byUser groups event positions by user in order of first appearance.
func byUser(events []recommend.Event) [][]int {
	idx := map[string]int{}
	var groups [][]int
	for p, e := range events {
		g, ok := idx[e.User]
		if !ok {
			g = len(groups)
			idx[e.User] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], p)
	}
	return groups
}

// RandomPerUser holds out round(frac·n) of each user's n events chosen at random
// (seeded), keeping at least one event in training when the user has two or more.
func RandomPerUser(events []recommend.Event, frac float64, seed uint64) (train, test []recommend.Event) {
	rng := rand.New(rand.NewPCG(seed, 0x5851f42d4c957f2d))
	out := make([]bool, len(events))
	for _, g := range byUser(events) {
		n := len(g)
		h := int(math.Round(frac * float64(n)))
		if h >= n && n > 1 {
			h = n - 1
		}
		perm := rng.Perm(n)
		for _, p := range perm[:max(h, 0)] {
			out[g[p]] = true
		}
	}
	return partition(events, out)
}

// LeaveLastOut holds out each user's latest event (ties broken by input order),
// for users with at least two events.
func LeaveLastOut(events []recommend.Event) (train, test []recommend.Event) {
	out := make([]bool, len(events))
	for _, g := range byUser(events) {
		if len(g) < 2 {
			continue
		}
		last := g[0]
		for _, p := range g[1:] {
			if !events[p].At.Before(events[last].At) {
				last = p
			}
		}
		out[last] = true
	}
	return partition(events, out)
}

// ByTime puts events before cutoff in training and the rest in test: the honest
// protocol for a shop, which always predicts the future from the past.
func ByTime(events []recommend.Event, cutoff time.Time) (train, test []recommend.Event) {
	out := make([]bool, len(events))
	for p, e := range events {
		out[p] = !e.At.Before(cutoff)
	}
	return partition(events, out)
}

// TimeQuantile returns the time below which a fraction q of the events fall, a
// convenient cutoff for ByTime.
func TimeQuantile(events []recommend.Event, q float64) time.Time {
	if len(events) == 0 {
		return time.Time{}
	}
	ts := make([]time.Time, len(events))
	for i, e := range events {
		ts[i] = e.At
	}
	slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
	k := min(max(int(q*float64(len(ts))), 0), len(ts)-1)
	return ts[k]
}

func partition(events []recommend.Event, out []bool) (train, test []recommend.Event) {
	for p, e := range events {
		if out[p] {
			test = append(test, e)
		} else {
			train = append(train, e)
		}
	}
	return train, test
}
