package recommend

// Filter narrows the items a Recommend call may return.
type Filter func(*query)

// query is the state filters configure for one request.
type query struct {
	data            *Interactions
	hist            Row
	neg             Row
	excludeSeen     bool
	excludeDisliked bool
	exclude         map[int]bool
	allow           func(item string) bool
	// set by the Recommender: catalogue-aware filters
	excludeCats map[string]bool
	onlyCats    map[string]bool
	activeOnly  bool
	cat         *catalogIndex
}

// ExcludeSeen removes items the user has interacted with (positively or negatively).
func ExcludeSeen() Filter { return func(q *query) { q.excludeSeen = true; q.excludeDisliked = true } }

// ExcludeDisliked removes items the user gave net-negative feedback on. Recommenders
// apply it always.
func ExcludeDisliked() Filter { return func(q *query) { q.excludeDisliked = true } }

// ExcludeItems removes the given item IDs.
func ExcludeItems(ids ...string) Filter {
	return func(q *query) {
		if q.exclude == nil {
			q.exclude = map[int]bool{}
		}
		for _, id := range ids {
			if i, ok := q.data.Items.Index(id); ok {
				q.exclude[i] = true
			}
		}
	}
}

// Allow keeps only items for which keep returns true.
func Allow(keep func(item string) bool) Filter { return func(q *query) { q.allow = keep } }

// ExcludeCategories removes items in the given categories. It needs a catalogue, so
// it acts only in a Recommender.
func ExcludeCategories(cats ...string) Filter {
	return func(q *query) {
		if q.excludeCats == nil {
			q.excludeCats = map[string]bool{}
		}
		for _, c := range cats {
			q.excludeCats[c] = true
		}
	}
}

// OnlyCategories keeps only items in the given categories (Recommender only).
func OnlyCategories(cats ...string) Filter {
	return func(q *query) {
		if q.onlyCats == nil {
			q.onlyCats = map[string]bool{}
		}
		for _, c := range cats {
			q.onlyCats[c] = true
		}
	}
}

// ExcludeInactive removes products the catalogue marks inactive (Recommender only;
// recommenders apply it always).
func ExcludeInactive() Filter { return func(q *query) { q.activeOnly = true } }

func newQuery(in *Interactions, u int, h Row, filters []Filter) *query {
	q := &query{data: in, hist: h}
	if u >= 0 && u < in.Negative.Rows {
		q.neg = in.Negative.Row(u)
	}
	for _, f := range filters {
		f(q)
	}
	return q
}

// skip reports whether item i is filtered out. Histories are sorted, so membership is
// a binary search rather than a per-request set.
func (q *query) skip(i int) bool {
	if q.excludeSeen && contains(q.hist.Ind, int32(i)) {
		return true
	}
	if q.excludeDisliked && contains(q.neg.Ind, int32(i)) {
		return true
	}
	if q.exclude != nil && q.exclude[i] {
		return true
	}
	if q.cat != nil {
		if q.activeOnly && !q.cat.active(i) {
			return true
		}
		if q.excludeCats != nil || q.onlyCats != nil {
			c := q.cat.category(i)
			if q.excludeCats[c] {
				return true
			}
			if q.onlyCats != nil && !q.onlyCats[c] {
				return true
			}
		}
	}
	if q.allow != nil && !q.allow(q.data.Items.ID(i)) {
		return true
	}
	return false
}

func contains(sorted []int32, x int32) bool {
	lo, hi := 0, len(sorted)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if sorted[m] < x {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo < len(sorted) && sorted[lo] == x
}
