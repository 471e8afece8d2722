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
	Start, End time.Time
	Currency   string
	// Products is the catalogue, ordered by ID.
	Products []order.Product
	// Customers are normalised profiles ordered by (CreatedAt, ID), with
	// external IDs C000001, C000002, ... in that order.
	Customers []customer.Customer
	// Orders are ordered by (PlacedAt, ID), numbered SO-0000001, ... in that order.
	Orders []order.Order
	// Returns are ordered by (RequestedAt, ID).
	Returns []order.Return
	// Events are ordered by (At, ID); empty with Options.NoEvents.
	Events []behavior.Event
	// Truth is the planted structure.
	Truth Truth
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
	orders  []order.Order
	returns []order.Return
	events  []behavior.Event
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
		types:   DefaultTypeParams(),
		returns: DefaultReturnParams(),
		reviews: DefaultReviewParams(),
		funnel:  DefaultFunnelParams(),
		hours:   newCumulative(hourWeights),
	}
	s.fmax = s.season.maxFactor(o.End)
	s.cat = newCatalogue(newRNG(o.Seed, streamCatalogue), o.Products, o.Currency, o.Start, o.End)
	people := s.profiles(newRNG(o.Seed, streamProfiles))

	histories := make([]history, len(people))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(people) {
					return
				}
				histories[i] = s.simulate(newRNG(o.Seed, streamCustomer+uint64(people[i].index)), &people[i])
			}
		})
	}
	wg.Wait()
	var anonymous history
	if !o.NoEvents {
		anonymous = s.anonymousSessions(newRNG(o.Seed, streamAnonymous))
	}
	return s.assemble(people, append(histories, anonymous)), nil
}

// assemble merges the per-customer histories into the shop: sorted, numbered,
// and with the profile tags that depend on purchases.
func (s *sim) assemble(people []person, histories []history) *Shop {
	shop := &Shop{Start: s.opts.Start, End: s.opts.End, Currency: s.opts.Currency}
	var nOrders, nReturns, nEvents int
	for _, h := range histories {
		nOrders += len(h.orders)
		nReturns += len(h.returns)
		nEvents += len(h.events)
	}
	shop.Orders = make([]order.Order, 0, nOrders)
	shop.Returns = make([]order.Return, 0, nReturns)
	shop.Events = make([]behavior.Event, 0, nEvents)
	for _, h := range histories {
		shop.Orders = append(shop.Orders, h.orders...)
		shop.Returns = append(shop.Returns, h.returns...)
		shop.Events = append(shop.Events, h.events...)
	}
	slices.SortFunc(shop.Orders, func(a, b order.Order) int {
		return cmp.Or(a.PlacedAt.Compare(b.PlacedAt), bytes.Compare(a.ID[:], b.ID[:]))
	})
	for i := range shop.Orders {
		shop.Orders[i].Number = fmt.Sprintf("SO-%07d", i+1)
	}
	slices.SortFunc(shop.Returns, func(a, b order.Return) int {
		return cmp.Or(a.RequestedAt.Compare(b.RequestedAt), bytes.Compare(a.ID[:], b.ID[:]))
	})
	slices.SortFunc(shop.Events, func(a, b behavior.Event) int {
		return cmp.Or(a.At.Compare(b.At), bytes.Compare(a.ID[:], b.ID[:]))
	})

	for _, p := range s.cat.products {
		shop.Products = append(shop.Products, p.Product)
	}

	tagVIPs(people, shop.Orders)
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
func tagVIPs(people []person, orders []order.Order) {
	spent := map[uuid.UUID]int64{}
	for i := range orders {
		o := &orders[i]
		if o.Counts() {
			spent[o.CustomerID] += o.Revenue().Shift(2).IntPart()
		}
	}
	idx := make([]int, 0, len(people))
	for i := range people {
		if spent[people[i].profile.ID] > 0 {
			idx = append(idx, i)
		}
	}
	slices.SortFunc(idx, func(a, b int) int {
		return cmp.Or(cmp.Compare(spent[people[b].profile.ID], spent[people[a].profile.ID]), cmp.Compare(a, b))
	})
	for _, i := range idx[:min(len(idx), len(people)/20)] {
		people[i].profile.AddTag("vip")
	}
}
