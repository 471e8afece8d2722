package recommend

import (
	"context"
	"slices"
)

// FBTOptions configures frequently-bought-together mining. The zero value keeps pairs
// seen in at least 2 baskets and 20 partners per item.
type FBTOptions struct {
	MinCount    int // minimum number of baskets holding both items; 0 means 2
	MaxPartners int // partners kept per item, by lift then count; 0 means 20
}

// Pair is an association rule "item A → Item" mined from baskets.
type Pair struct {
	Item       string  `json:"item"`
	Count      int     `json:"count"`      // baskets with both items
	Support    float64 `json:"support"`    // Count / baskets
	Confidence float64 `json:"confidence"` // Count / baskets with A
	Lift       float64 `json:"lift"`       // Confidence / (baskets with Item / baskets)
}

// FBT holds co-purchase statistics ("customers who bought A also bought B") mined
// from order baskets. It is read-only once trained and safe for concurrent use.
type FBT struct {
	Items    *IDMap
	Baskets  int
	Count    []int    // baskets holding each item
	Partners [][]Pair // per item index, best first
}

// TrainFBT mines pairs from baskets (the item IDs of each order; duplicates within a
// basket count once).
func TrainFBT(ctx context.Context, baskets [][]string, opts *FBTOptions) (*FBT, error) {
	var o FBTOptions
	if opts != nil {
		o = *opts
	}
	if o.MinCount < 0 || o.MaxPartners < 0 {
		return nil, &ValidationError{Field: "FBTOptions", Value: o, Reason: "negative setting"}
	}
	if o.MinCount == 0 {
		o.MinCount = 2
	}
	if o.MaxPartners == 0 {
		o.MaxPartners = 20
	}
	f := &FBT{Items: NewIDMap()}
	pairs := map[[2]int32]int{}
	for b, basket := range baskets {
		if b%4096 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		ids := make([]int32, 0, len(basket))
		for _, it := range basket {
			if it != "" {
				ids = append(ids, int32(f.Items.Add(it)))
			}
		}
		slices.Sort(ids)
		ids = slices.Compact(ids)
		if len(ids) == 0 {
			continue
		}
		f.Baskets++
		for len(f.Count) < f.Items.Len() {
			f.Count = append(f.Count, 0)
		}
		for a, i := range ids {
			f.Count[i]++
			for _, j := range ids[a+1:] {
				pairs[[2]int32{i, j}]++
			}
		}
	}
	if f.Baskets == 0 {
		return nil, ErrEmpty
	}
	f.Partners = make([][]Pair, f.Items.Len())
	n := float64(f.Baskets)
	add := func(a, b int32, c int) {
		conf := float64(c) / float64(f.Count[a])
		f.Partners[a] = append(f.Partners[a], Pair{
			Item: f.Items.ID(int(b)), Count: c, Support: float64(c) / n,
			Confidence: conf, Lift: conf / (float64(f.Count[b]) / n),
		})
	}
	for k, c := range pairs {
		if c >= o.MinCount {
			add(k[0], k[1], c)
			add(k[1], k[0], c)
		}
	}
	for i, ps := range f.Partners {
		slices.SortFunc(ps, func(a, b Pair) int {
			switch {
			case a.Lift != b.Lift:
				if a.Lift > b.Lift {
					return -1
				}
				return 1
			case a.Count != b.Count:
				return b.Count - a.Count
			}
			return compareStrings(a.Item, b.Item)
		})
		f.Partners[i] = ps[:min(len(ps), o.MaxPartners)]
	}
	return f, nil
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// With returns up to n items most often bought together with item, best first
// (highest lift, then count). It returns nil for an unknown item.
func (f *FBT) With(item string, n int) []Pair {
	i, ok := f.Items.Index(item)
	if !ok || n <= 0 {
		return nil
	}
	ps := f.Partners[i]
	return slices.Clone(ps[:min(n, len(ps))])
}

// Rule returns the rule a → b if it was kept.
func (f *FBT) Rule(a, b string) (Pair, bool) {
	i, ok := f.Items.Index(a)
	if !ok {
		return Pair{}, false
	}
	for _, p := range f.Partners[i] {
		if p.Item == b {
			return p, true
		}
	}
	return Pair{}, false
}
