package demo

import (
	"bytes"
	"cmp"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/google/uuid"
)

// Shop is a generated demo shop: its records, ready to load into a store,
// and the Truth of what was planted in them.
type Shop struct {
	// Start and End bound the simulated period [Start, End); every time in
	// the shop falls inside it.
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
	Currency string    `json:"currency"`
	// Products is the catalogue, ordered by ID.
	Products []order.Product `json:"products"`
	// Customers are normalised profiles ordered by (CreatedAt, ID), with
	// external IDs C000001, C000002, ... in that order.
	Customers []customer.Customer `json:"customers"`
	// Orders are ordered by (PlacedAt, ID), numbered SO-0000001, ... in that order.
	Orders []order.Order `json:"orders"`
	// Returns are ordered by (RequestedAt, ID).
	Returns []order.Return `json:"returns"`
	// Events are ordered by (At, ID); empty with Options.NoEvents.
	Events []behavior.Event `json:"events"`
	// Truth is the planted structure.
	Truth Truth `json:"truth"`
}

// sim holds what every customer's simulation shares; it is read-only once built.
type sim struct {
	opts    Options
	cat     *catalogue
	season  Seasonality
	fmax    float64
	types   map[CustomerType]TypeParams
	returns ReturnParams
	reviews ReviewParams
	funnel  FunnelParams
	hours   cumulative
}

// history is what one simulated actor (customer or anonymous visitor) produced.
type history struct {
	netCents int64 // revenue kept: totals of orders that count, less refunds
	orders   []order.Order
	returns  []order.Return
	events   []behavior.Event
}

// Generate builds a demo shop from opts (nil for the defaults). The same
// options always give the same shop, whatever the number of CPUs; customers
// are simulated in parallel on GOMAXPROCS goroutines, each from its own
// random stream. Errors: *OptionsError (ErrInvalidOptions).
func Generate(opts *Options) (*Shop, error) {
	o, err := opts.resolve()
	if err != nil {
		return nil, err
	}
	s := &sim{
		opts:    o,
		season:  DefaultSeasonality(o.Start),
		types:   o.Types,
		returns: DefaultReturnParams(),
		reviews: DefaultReviewParams(),
		funnel:  DefaultFunnelParams(),
		hours:   newCumulative(hourWeights),
	}
	if o.Stationary {
		s.season = StationarySeasonality(o.Start)
	}
	s.fmax = s.season.maxFactor(o.End)
	s.cat = newCatalogue(newRNG(o.Seed, streamCatalogue), o.Products, o.Currency, o.Start, o.End)
	people := s.profiles(newRNG(o.Seed, streamProfiles))

	// Jobs are the customers, then the anonymous sessions in chunks; each
	// has its own stream, so the schedule does not change the output.
	anonChunks := 0
	if !o.NoEvents {
		anonChunks = (o.AnonymousSessions + anonChunk - 1) / anonChunk
	}
	histories := make([]history, len(people)+anonChunks)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				switch {
				case i < len(people):
					stream := streamCustomer + 2*uint64(people[i].index)
					histories[i] = s.simulate(newRNG(o.Seed, stream), newRNG(o.Seed, stream+1), &people[i])
				case i < len(histories):
					k := i - len(people)
					n := min(anonChunk, o.AnonymousSessions-k*anonChunk)
					histories[i] = s.anonymousSessions(newRNG(o.Seed, streamAnonymous+uint64(k)), n)
				default:
					return
				}
			}
		})
	}
	wg.Wait()
	return s.assemble(people, histories), nil
}

// anonChunk is the number of anonymous sessions simulated as one job.
const anonChunk = 500

// assemble merges the per-customer histories into the shop: sorted, numbered,
// and with the profile tags that depend on purchases.
func (s *sim) assemble(people []person, histories []history) *Shop {
	shop := &Shop{Start: s.opts.Start, End: s.opts.End, Currency: s.opts.Currency}
	shop.Orders = mergeByTime(histories, func(h *history) []order.Order { return h.orders },
		func(o *order.Order) (time.Time, uuid.UUID) { return o.PlacedAt, o.ID })
	for i := range shop.Orders {
		shop.Orders[i].Number = fmt.Sprintf("SO-%07d", i+1)
	}
	shop.Returns = mergeByTime(histories, func(h *history) []order.Return { return h.returns },
		func(r *order.Return) (time.Time, uuid.UUID) { return r.RequestedAt, r.ID })
	shop.Events = mergeByTime(histories, func(h *history) []behavior.Event { return h.events },
		func(e *behavior.Event) (time.Time, uuid.UUID) { return e.At, e.ID })

	for _, p := range s.cat.products {
		shop.Products = append(shop.Products, p.Product)
	}

	tagVIPs(people, histories)
	shop.Customers = make([]customer.Customer, len(people))
	truth := Truth{
		Customers: make(map[uuid.UUID]Latent, len(people)),
		Types:     s.types,
		Season:    s.season,
		Returns:   s.returns,
		Reviews:   s.reviews,
		Funnel:    s.funnel,
	}
	for i := range people {
		p := &people[i]
		shop.Customers[i] = p.profile
		truth.Customers[p.profile.ID] = p.latent
		if p.latent.Abuser {
			truth.Abusers = append(truth.Abusers, p.profile.ID)
		}
		if p.latent.DuplicateOf != uuid.Nil {
			truth.Duplicates = append(truth.Duplicates, [2]uuid.UUID{p.latent.DuplicateOf, p.profile.ID})
		}
	}
	slices.SortFunc(truth.Abusers, func(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) })
	shop.Truth = truth
	return shop
}

// tagVIPs tags the top 5 % of customers by net revenue "vip", as a shop's
// loyalty programme would.
func tagVIPs(people []person, histories []history) {
	idx := make([]int, 0, len(people))
	for i := range people {
		if histories[i].netCents > 0 {
			idx = append(idx, i)
		}
	}
	slices.SortFunc(idx, func(a, b int) int {
		return cmp.Or(cmp.Compare(histories[b].netCents, histories[a].netCents), cmp.Compare(a, b))
	})
	for _, i := range idx[:min(len(idx), len(people)/20)] {
		people[i].profile.AddTag("vip")
	}
}

// mergeByTime returns the records of all histories ordered by (time, ID).
// It sorts small keys and copies each record once, because the records are
// large and swapping them would cost more than the comparisons.
func mergeByTime[T any](hs []history, part func(*history) []T, key func(*T) (time.Time, uuid.UUID)) []T {
	type k struct {
		ns   int64
		id   uuid.UUID
		h, i int32
	}
	n := 0
	for i := range hs {
		n += len(part(&hs[i]))
	}
	keys := make([]k, 0, n)
	for hi := range hs {
		xs := part(&hs[hi])
		for i := range xs {
			t, id := key(&xs[i])
			keys = append(keys, k{t.UnixNano(), id, int32(hi), int32(i)})
		}
	}
	slices.SortFunc(keys, func(a, b k) int {
		return cmp.Or(cmp.Compare(a.ns, b.ns), bytes.Compare(a.id[:], b.id[:]))
	})
	out := make([]T, len(keys))
	for i, kk := range keys {
		out[i] = part(&hs[kk.h])[kk.i]
	}
	return out
}
