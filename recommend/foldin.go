package recommend

import (
	"math"
	"slices"
)

// AddEvents folds a user's fresh events into serving without retraining: the next
// Recommend for the user scores the merged history (for ALS, a new user vector is
// solved from it with the item factors fixed; item-to-item models use it directly).
// Events for items unknown to the model are skipped (they enter at the next training);
// events for other users and invalid events are rejected. A forgotten user starts
// again as a new one. Fresh histories live in memory (and in Save) until the shop
// retrains on its full data and serves the new model from a new Recommender.
func (r *Recommender) AddEvents(user string, events ...Event) error {
	var bo BuildOptions
	if r.opts.Build != nil {
		bo = *r.opts.Build
	}
	weights := bo.Weights
	if weights == nil {
		weights = DefaultWeights
	}
	neutral := bo.ReviewNeutral
	if neutral == 0 {
		neutral = 3
	}
	delta := map[int32]float64{}
	for _, e := range events {
		if e.User != user {
			return &ValidationError{Field: "Event.User", Value: e.User, Reason: "differs from the user " + user}
		}
		if e.Item == "" {
			return &ValidationError{Field: "Event.Item", Value: `""`, Reason: "empty"}
		}
		if math.IsNaN(e.Value) || math.IsInf(e.Value, 0) {
			return &ValidationError{Field: "Event.Value", Value: e.Value, Reason: "not finite"}
		}
		w, ok := weights[e.Kind]
		if !ok {
			continue
		}
		switch {
		case e.Kind == KindReview && e.Value != 0:
			w *= e.Value - neutral
		case e.Kind == KindPurchase && e.Value > 0:
			w *= e.Value
		}
		if i, ok := r.data.Items.Index(e.Item); ok {
			delta[int32(i)] += w
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	_, h, neg := r.userState(user)
	acc := map[int32]float64{}
	for k, i := range h.Ind {
		acc[i] += h.Val[k]
	}
	for k, i := range neg.Ind {
		acc[i] -= neg.Val[k]
	}
	for i, w := range delta {
		acc[i] += w
	}
	f := &freshUser{}
	keys := make([]int32, 0, len(acc))
	for i := range acc {
		keys = append(keys, i)
	}
	slices.Sort(keys)
	for _, i := range keys {
		switch v := acc[i]; {
		case v > 1e-12:
			if bo.Binary {
				v = 1
			}
			f.hist.Ind = append(f.hist.Ind, i)
			f.hist.Val = append(f.hist.Val, v)
		case v < -1e-12:
			f.neg.Ind = append(f.neg.Ind, i)
			f.neg.Val = append(f.neg.Val, -v)
		}
	}
	r.fresh[user] = f
	return nil
}

// userForgetter is implemented by models holding per-user state.
type userForgetter interface {
	forgetUser(u int)
}

// Forget erases a user from serving (GDPR erasure): the user's interactions are
// removed from the training matrix held in memory, per-user model state (ALS factors)
// is zeroed, fresh events are dropped, and the user is served as a new visitor from
// then on (segment popularity if the Segment function still names one, else
// trending items). Item-to-item statistics learned in part from the user (similarities,
// popularity counts) are aggregates and change at the next training without them.
// Forget must not run while the model is used directly, outside this Recommender.
func (r *Recommender) Forget(user string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if u, ok := r.data.Users.Index(user); ok {
		r.data.forgetUser(u)
		if f, ok := r.model.(userForgetter); ok {
			f.forgetUser(u)
		}
		r.segPop.forgetUser(u)
	}
	// The ID is not kept anywhere, not even as a tombstone: an unknown user is served
	// as a new visitor anyway.
	delete(r.fresh, user)
}

// forgetUser removes user u's entries and ID. The index stays allocated (so other
// users keep theirs) but maps to no ID.
func (in *Interactions) forgetUser(u int) {
	in.M, in.Last = dropRow(in.M, in.Last, u)
	in.Negative, _ = dropRow(in.Negative, nil, u)
	id := in.Users.ids[u]
	delete(in.Users.index, id)
	in.Users.ids[u] = ""
}

// dropRow removes the entries of row r in place, shifting later rows down.
func dropRow(m *CSR, parallel []int64, r int) (*CSR, []int64) {
	a, b := m.Ptr[r], m.Ptr[r+1]
	n := b - a
	if n == 0 {
		return m, parallel
	}
	m.Ind = append(m.Ind[:a], m.Ind[b:]...)
	m.Val = append(m.Val[:a], m.Val[b:]...)
	if parallel != nil {
		parallel = append(parallel[:a], parallel[b:]...)
	}
	for k := r + 1; k < len(m.Ptr); k++ {
		m.Ptr[k] -= n
	}
	return m, parallel
}

func (m *ALS) forgetUser(u int) { clear(m.X[u*m.K : (u+1)*m.K]) }

func (m *SegmentPop) forgetUser(u int) {
	if u < len(m.userSeg) {
		m.userSeg[u] = ""
	}
}
