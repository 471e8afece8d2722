package demo

import (
	"math"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/order"
	"github.com/google/uuid"
)

// session accumulates the events of one visit with increasing times.
type session struct {
	s     *sim
	r     *rng
	p     *person // nil for an anonymous visitor
	id    string
	visit string
	at    time.Time
	out   *[]behavior.Event
	// keepLate keeps events past End; the purchase visit, shifted back to
	// end before its order, sets it.
	keepLate bool
}

func (s *sim) newSession(r *rng, p *person, start time.Time, out *[]behavior.Event) *session {
	ss := &session{s: s, r: r, p: p, id: r.hexID("s-"), at: start.Truncate(time.Second), out: out}
	if p == nil {
		ss.visit = r.hexID("v-")
	}
	return ss
}

// emit appends an event a few seconds to minutes after the previous one.
func (ss *session) emit(e behavior.Event, minGap, maxGap time.Duration) {
	ss.at = ss.at.Add(ss.r.duration(minGap, maxGap)).Truncate(time.Second)
	e.ID = ss.r.uuid()
	if !ss.keepLate && !ss.at.Before(ss.s.opts.End) {
		return // a visit running past the end of the period is cut there
	}
	e.SessionID = ss.id
	e.At = ss.at
	if ss.p != nil {
		e.CustomerID = ss.p.profile.ID
	} else {
		e.VisitorID = ss.visit
	}
	*ss.out = append(*ss.out, e)
}

func (ss *session) search(p *product) {
	ss.emit(behavior.Event{Kind: behavior.KindSearch, Query: searchQuery(ss.r, p)}, 2*time.Second, 30*time.Second)
}

func (ss *session) view(p *product, clicked bool) {
	if clicked {
		ss.emit(behavior.Event{Kind: behavior.KindClick, ProductID: p.ID}, 2*time.Second, 40*time.Second)
	}
	ss.emit(behavior.Event{Kind: behavior.KindView, ProductID: p.ID}, time.Second, 90*time.Second)
}

// purchaseSession writes the visit that ended in order o: an optional
// search, views of the bought products and of others in their categories,
// the cart, perhaps an item put back, and one purchase event per line at the
// moment the order was placed.
func (s *sim) purchaseSession(r *rng, p *person, o *order.Order, h *history) {
	ss := s.newSession(r, p, o.PlacedAt.Add(-r.duration(5*time.Minute, 30*time.Minute)), &h.events)
	ss.keepLate = true
	first := len(h.events)
	bought := make([]*product, len(o.Lines))
	for i, l := range o.Lines {
		bought[i] = s.productByID(l.ProductID)
	}
	if r.bernoulli(s.funnel.SearchShare + 0.1) {
		ss.search(bought[0])
	}
	for i, bp := range bought {
		for range r.poisson(1.2) {
			ss.view(s.cat.draw(r, bp.cat, o.PlacedAt, false), r.bernoulli(0.5))
		}
		ss.view(bp, r.bernoulli(0.5))
		ss.emit(behavior.Event{Kind: behavior.KindAddToCart, ProductID: bp.ID, Quantity: o.Lines[i].Quantity}, 5*time.Second, 2*time.Minute)
	}
	if r.bernoulli(0.3) {
		extra := s.cat.draw(r, oneOf(r, p.prefs), o.PlacedAt, false)
		ss.view(extra, false)
		ss.emit(behavior.Event{Kind: behavior.KindAddToCart, ProductID: extra.ID, Quantity: 1}, 5*time.Second, time.Minute)
		ss.emit(behavior.Event{Kind: behavior.KindRemoveFromCart, ProductID: extra.ID, Quantity: 1}, 10*time.Second, 2*time.Minute)
	}
	// The visit ends at least ten seconds before the order; a long one started earlier.
	if over := ss.at.Sub(o.PlacedAt.Add(-10 * time.Second)); over > 0 {
		for i := first; i < len(h.events); i++ {
			h.events[i].At = h.events[i].At.Add(-over)
		}
	}
	// Before signing up (the first order's visit) the customer was an
	// anonymous visitor: those events carry a visitor ID, as a shop sees
	// them. Events before Start fall outside the shop's log.
	visitor := ""
	kept := h.events[:first]
	for _, e := range h.events[first:] {
		if e.At.Before(s.opts.Start) {
			continue
		}
		if e.At.Before(p.profile.CreatedAt) {
			if visitor == "" {
				visitor = r.hexID("v-")
			}
			e.CustomerID, e.VisitorID = uuid.Nil, visitor
		}
		kept = append(kept, e)
	}
	h.events = kept
	for i, bp := range bought {
		e := behavior.Event{Kind: behavior.KindPurchase, ProductID: bp.ID, OrderID: o.ID, Quantity: o.Lines[i].Quantity}
		e.ID, e.SessionID, e.At, e.CustomerID = r.uuid(), ss.id, o.PlacedAt, p.profile.ID
		h.events = append(h.events, e)
	}
}

func (s *sim) productByID(id string) *product {
	// IDs are P00001, P00002, ... in catalogue order.
	n := 0
	for _, c := range id[1:] {
		n = n*10 + int(c-'0')
	}
	return &s.cat.products[n-1]
}

// browsingSessions writes the visits without a purchase: Poisson with mean
// FunnelParams.BrowsePerOrder × orders, spread over the customer's active
// life (to 60 days after dropping out) with the shop's seasonality.
func (s *sim) browsingSessions(r *rng, p *person, orders int, h *history) {
	from := p.profile.CreatedAt
	to := s.opts.End
	if !p.latent.Alive {
		if quiet := p.latent.DroppedAt.Add(60 * day); quiet.Before(to) {
			to = quiet
		}
	}
	if !to.After(from) {
		return
	}
	n := r.poisson(s.funnel.BrowsePerOrder * float64(max(orders, 1)))
	for range n {
		t := s.seasonalTime(r, from, to)
		ss := s.newSession(r, p, t, &h.events)
		s.browse(ss, p.prefs, s.funnel.ViewToCart, t)
	}
}

// seasonalTime draws an instant in [from, to) with density proportional to
// the seasonality factor, at a time of day from the hourly profile.
func (s *sim) seasonalTime(r *rng, from, to time.Time) time.Time {
	span := float64(to.Sub(from))
	for {
		t := from.Add(time.Duration(r.Float64() * span))
		if r.Float64()*s.fmax < s.season.Factor(t) {
			at := s.atHour(r, t)
			if at.Before(from) || !at.Before(to) {
				return t.Truncate(time.Second)
			}
			return at
		}
	}
}

// browse writes one visit without a purchase: maybe a search, one or more
// views (each clicked from a list half the time), cart additions with
// probability toCart per view (a share of them taken out again) and wishlist
// additions.
func (s *sim) browse(ss *session, prefs []int, toCart float64, t time.Time) {
	r := ss.r
	ci := s.cat.catDraw.draw(r)
	if prefs != nil && r.bernoulli(0.7) {
		ci = oneOf(r, prefs)
	}
	first := s.cat.draw(r, ci, t, false)
	if r.bernoulli(s.funnel.SearchShare) {
		ss.search(first)
	}
	views := 1 + r.poisson(2.5)
	for v := range views {
		prod := first
		if v > 0 {
			prod = s.cat.draw(r, ci, t, false)
		}
		ss.view(prod, r.bernoulli(0.5))
		if r.bernoulli(toCart) {
			ss.emit(behavior.Event{Kind: behavior.KindAddToCart, ProductID: prod.ID, Quantity: 1}, 5*time.Second, time.Minute)
			if r.bernoulli(s.funnel.CartRemoval) {
				ss.emit(behavior.Event{Kind: behavior.KindRemoveFromCart, ProductID: prod.ID, Quantity: 1}, 10*time.Second, 3*time.Minute)
			}
		}
		if ss.p != nil && r.bernoulli(s.funnel.Wishlist) {
			ss.emit(behavior.Event{Kind: behavior.KindWishlist, ProductID: prod.ID}, 3*time.Second, 30*time.Second)
		}
	}
}

// anonymousSessions writes the visits of visitors who never log in: they
// browse with AnonymousViewToCart and never buy.
func (s *sim) anonymousSessions(r *rng, n int) history {
	var h history
	h.events = make([]behavior.Event, 0, 5*n)
	for range n {
		t := s.seasonalTime(r, s.opts.Start, s.opts.End)
		ss := s.newSession(r, nil, t, &h.events)
		s.browse(ss, nil, s.funnel.AnonymousViewToCart, t)
	}
	return h
}

// afterDelivery writes what follows a delivered order: reviews carrying the
// order's ID (more often and lower for returned lines; see ReviewParams), support contacts (late
// parcels, returns, abusers' claims, invoice questions) and, for 8 % of
// delivered orders, a net promoter survey.
func (s *sim) afterDelivery(r *rng, p *person, o *order.Order, ret *order.Return, late bool, h *history) {
	if o.DeliveredAt.IsZero() {
		return
	}
	returned := map[string]bool{}
	if ret != nil {
		for _, it := range ret.Items {
			returned[it.ProductID] = true
		}
	}
	add := func(e behavior.Event, at time.Time) {
		at = at.Truncate(time.Second)
		if !at.Before(s.opts.End) {
			return
		}
		e.ID, e.At, e.CustomerID = r.uuid(), at, p.profile.ID
		h.events = append(h.events, e)
	}
	for _, l := range o.Lines {
		prod := s.productByID(l.ProductID)
		if returned[l.ProductID] {
			if r.bernoulli(s.reviews.ReturnedReviewRate) {
				rating := 1 + r.pick(s.reviews.ReturnedRatings[:])
				add(behavior.Event{Kind: behavior.KindReview, ProductID: l.ProductID, OrderID: o.ID, Rating: rating, Text: reviewText(r, prod, rating, ret.Reason, late)},
					ret.RequestedAt.Add(r.duration(time.Hour, 2*day)))
			}
			continue
		}
		if r.bernoulli(s.reviews.KeptReviewRate) {
			rating := 1 + r.pick(s.reviews.KeptRatings[:])
			if late && rating > 1 && r.bernoulli(0.5) {
				rating--
			}
			add(behavior.Event{Kind: behavior.KindReview, ProductID: l.ProductID, OrderID: o.ID, Rating: rating, Text: reviewText(r, prod, rating, "", late)},
				o.DeliveredAt.Add(r.duration(2*day, 20*day)))
		}
	}

	switch {
	case late && r.bernoulli(0.6):
		add(behavior.Event{Kind: behavior.KindSupport, Text: "Where is my order? The delivery is late."}, o.ShippedAt.Add(r.duration(5*day, 6*day)))
	case ret != nil && p.latent.Abuser && ret.RefundOnly && r.bernoulli(0.8):
		add(behavior.Event{Kind: behavior.KindSupport, Text: "Claim: " + ret.Reason + ". I want a refund."}, ret.RequestedAt.Add(-r.duration(time.Minute, time.Hour)))
	case ret != nil && r.bernoulli(0.3):
		add(behavior.Event{Kind: behavior.KindSupport, Text: "Question about my return: " + ret.Reason}, ret.RequestedAt.Add(r.duration(time.Hour, 3*day)))
	case r.bernoulli(0.01):
		add(behavior.Event{Kind: behavior.KindSupport, Text: "Question about my invoice"}, o.DeliveredAt.Add(r.duration(day, 10*day)))
	}

	if r.bernoulli(0.08) {
		mean := s.types[p.latent.Type].NPSMean
		if ret != nil {
			mean -= 2
		}
		if late {
			mean -= 2
		}
		score := int(math.Round(mean + 1.5*r.NormFloat64()))
		score = min(max(score, 0), 10)
		add(behavior.Event{Kind: behavior.KindSurvey, Score: &score, Text: surveyText(r, score)}, o.DeliveredAt.Add(r.duration(3*day, 14*day)))
	}
}
