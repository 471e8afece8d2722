package recommend

import (
	"math"
	"time"
)

// Kind names what a user did with an item. The values match behavior.Kind so that
// behaviour events carry over unchanged.
type Kind string

// Kinds of interaction with their default weights in DefaultWeights.
const (
	KindImplicit   Kind = ""            // a plain positive interaction (weight 1), e.g. one rating in a benchmark file
	KindView       Kind = "view"        // looked at the product page
	KindClick      Kind = "click"       // clicked a product in a list
	KindCartAdd    Kind = "cart_add"    // put the product in the cart
	KindCartRemove Kind = "cart_remove" // took it out again (mild negative)
	KindWishlist   Kind = "wishlist"    // saved it for later
	KindPurchase   Kind = "purchase"    // bought it; Value is the quantity (0 means 1)
	KindReview     Kind = "review"      // reviewed it; Value is the rating 1..5
	KindDislike    Kind = "dislike"     // explicit negative feedback ("not interested")
)

// DefaultWeights are the weights used when BuildOptions.Weights is nil.
// A review's weight is multiplied by (rating − ReviewNeutral), so low ratings count
// against an item.
var DefaultWeights = map[Kind]float64{
	KindImplicit:   1,
	KindView:       1,
	KindClick:      1,
	KindCartAdd:    3,
	KindCartRemove: -1,
	KindWishlist:   2,
	KindPurchase:   5,
	KindReview:     1,
	KindDislike:    -5,
}

// Event is one interaction of a user with an item, in the shop's own IDs.
type Event struct {
	User  string    // customer ID (or a visitor ID for anonymous sessions)
	Item  string    // product ID
	Kind  Kind      // what happened; selects the weight
	Value float64   // quantity for purchases, rating for reviews; 0 means 1 (or neutral for reviews)
	At    time.Time // when; used by time decay and recent-window popularity
}

// BuildOptions configures how events become interaction strengths. The zero value
// (or nil) gives DefaultWeights, no time decay and summed strengths.
type BuildOptions struct {
	// Weights per kind; nil means DefaultWeights. Kinds missing from a non-nil map
	// are ignored.
	Weights map[Kind]float64
	// ReviewNeutral is the rating that counts as neither like nor dislike; 0 means 3.
	ReviewNeutral float64
	// HalfLife, when positive, decays each event's weight by 0.5^(age/HalfLife), with
	// age measured back from AsOf.
	HalfLife time.Duration
	// AsOf is the reference time of the decay; zero means the latest event time.
	AsOf time.Time
	// Binary sets every positive strength to 1 (the usual choice for top-N benchmarks).
	Binary bool
}

// Interactions is the user × item matrix a model trains on, with the maps between the
// shop's IDs and the dense indices. M holds positive strengths; Negative holds the
// (user, item) pairs whose net feedback was negative, with the magnitude as value.
// Interactions are read-only once built and safe for concurrent use.
type Interactions struct {
	Users    *IDMap
	Items    *IDMap
	M        *CSR    // users × items, positive strengths
	Negative *CSR    // users × items, net-negative feedback (excluded from recommendations)
	Last     []int64 // Unix seconds of the latest event of each entry of M, parallel to M.Val
}

// NumUsers returns the number of users.
func (in *Interactions) NumUsers() int { return in.Users.Len() }

// NumItems returns the number of items.
func (in *Interactions) NumItems() int { return in.Items.Len() }

// History returns the positive interactions of user index u (shared storage).
func (in *Interactions) History(u int) Row {
	if u < 0 || u >= in.M.Rows {
		return Row{}
	}
	return in.M.Row(u)
}

// Builder accumulates events into Interactions. It is not safe for concurrent use.
type Builder struct {
	opts    BuildOptions
	users   *IDMap
	items   *IDMap
	events  []pendingEvent
	latest  time.Time
	neutral float64
}

type pairAcc struct {
	w    float64
	last int64
}

type pendingEvent struct {
	u, i int32
	w    float64
	at   time.Time
}

// NewBuilder returns a builder with the given options (nil for defaults).
func NewBuilder(opts *BuildOptions) *Builder {
	b := &Builder{users: NewIDMap(), items: NewIDMap()}
	if opts != nil {
		b.opts = *opts
	}
	if b.opts.Weights == nil {
		b.opts.Weights = DefaultWeights
	}
	b.neutral = b.opts.ReviewNeutral
	if b.neutral == 0 {
		b.neutral = 3
	}
	return b
}

// AddItems registers items (for instance the whole active catalogue) so that they get
// an index even without interactions; new items can then be served by category.
func (b *Builder) AddItems(ids ...string) {
	for _, id := range ids {
		if id != "" {
			b.items.Add(id)
		}
	}
}

// AddUsers registers users without interactions.
func (b *Builder) AddUsers(ids ...string) {
	for _, id := range ids {
		if id != "" {
			b.users.Add(id)
		}
	}
}

// Add records one event. It returns a *ValidationError for an empty user or item, a
// non-finite value or an unknown kind when Weights has no entry for it (unknown kinds
// are skipped silently only when the caller's Weights map leaves them out on purpose).
func (b *Builder) Add(e Event) error {
	switch {
	case e.User == "":
		return &ValidationError{Field: "Event.User", Value: `""`, Reason: "empty"}
	case e.Item == "":
		return &ValidationError{Field: "Event.Item", Value: `""`, Reason: "empty"}
	case math.IsNaN(e.Value) || math.IsInf(e.Value, 0):
		return &ValidationError{Field: "Event.Value", Value: e.Value, Reason: "not finite"}
	}
	w, ok := b.opts.Weights[e.Kind]
	if !ok {
		if _, known := DefaultWeights[e.Kind]; !known {
			return &ValidationError{Field: "Event.Kind", Value: e.Kind, Reason: "unknown kind with no weight"}
		}
		return nil
	}
	switch e.Kind {
	case KindReview:
		if e.Value != 0 {
			w *= e.Value - b.neutral
		}
	case KindPurchase:
		if e.Value > 0 {
			w *= e.Value
		}
	}
	u := int32(b.users.Add(e.User))
	i := int32(b.items.Add(e.Item))
	if w == 0 {
		return nil
	}
	if e.At.After(b.latest) {
		b.latest = e.At
	}
	b.events = append(b.events, pendingEvent{u: u, i: i, w: w, at: e.At})
	return nil
}

// Build returns the interactions. The builder can keep receiving events and be built
// again.
func (b *Builder) Build() (*Interactions, error) {
	asOf := b.opts.AsOf
	if asOf.IsZero() {
		asOf = b.latest
	}
	acc := make(map[[2]int32]*pairAcc, len(b.events))
	for _, e := range b.events {
		w := e.w
		if b.opts.HalfLife > 0 && !e.at.IsZero() {
			age := asOf.Sub(e.at)
			if age < 0 {
				age = 0
			}
			w *= math.Exp2(-float64(age) / float64(b.opts.HalfLife))
		}
		k := [2]int32{e.u, e.i}
		a := acc[k]
		if a == nil {
			a = &pairAcc{last: math.MinInt64}
			acc[k] = a
		}
		a.w += w
		if t := unixOrZero(e.at); t > a.last {
			a.last = t
		}
	}
	var pos, neg []triplet
	for k, a := range acc {
		switch {
		case a.w > 1e-12:
			v := a.w
			if b.opts.Binary {
				v = 1
			}
			pos = append(pos, triplet{r: k[0], c: k[1], v: v, t: a.last})
		case a.w < -1e-12:
			neg = append(neg, triplet{r: k[0], c: k[1], v: -a.w})
		}
	}
	nu, ni := b.users.Len(), b.items.Len()
	if nu == 0 || ni == 0 {
		return nil, ErrEmpty
	}
	users := idMapFrom(append([]string(nil), b.users.ids...))
	items := idMapFrom(append([]string(nil), b.items.ids...))
	m, last := csrFromTriplets(nu, ni, pos)
	n, _ := csrFromTriplets(nu, ni, neg)
	return &Interactions{Users: users, Items: items, M: m, Negative: n, Last: last}, nil
}

func unixOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// FromEvents builds interactions from events in one call.
func FromEvents(events []Event, opts *BuildOptions) (*Interactions, error) {
	b := NewBuilder(opts)
	for _, e := range events {
		if err := b.Add(e); err != nil {
			return nil, err
		}
	}
	return b.Build()
}
