package demo

import (
	"math"
	"slices"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/order"
	"github.com/shopspring/decimal"
)

const (
	day  = 24 * time.Hour
	year = 365.25 * 24 * time.Hour
)

// Order economics, in cents.
const (
	freeShippingFrom  = 5000 // orders of 50.00 or more ship free
	standardShipping  = 495
	expressShipping   = 995
	expressShare      = 0.1
	cancelUnpaidShare = 0.02  // cancelled before payment
	cancelPaidShare   = 0.015 // cancelled after payment, before shipping: refunded in full
)

var (
	paymentMethods = []string{"card", "paypal", "invoice", "apple_pay", "bank_transfer"}
	paymentWeights = []float64{0.45, 0.30, 0.12, 0.08, 0.05}
	discountPcts   = []int64{10, 15, 20, 25, 30, 40, 50}
	discountW      = []float64{0.22, 0.18, 0.2, 0.14, 0.14, 0.08, 0.04}
	quantityW      = []float64{0.85, 0.11, 0.04}
	multiQuantityW = []float64{0.6, 0.28, 0.12}
)

// simulate runs one customer's life: purchases by the BG/NBD process,
// each order's life cycle, returns, reviews and surveys, and the browsing
// sessions around them. Orders and returns come from r, events from er, so
// that a shop generated with NoEvents has the very same orders.
func (s *sim) simulate(r, er *rng, p *person) history {
	var h history
	times := s.purchaseTimes(r, p)
	if !s.opts.NoEvents {
		// About 10 events per order in its visit and after it, 20 in browsing.
		h.events = make([]behavior.Event, 0, 30*len(times)+8)
	}
	for _, t := range times {
		o, late, total := s.newOrder(r, p, t)
		ret := s.maybeReturn(r, p, o)
		if ret != nil {
			h.returns = append(h.returns, *ret)
		}
		if o.Counts() {
			h.netCents += total
			if !o.RefundedAmount.IsZero() {
				h.netCents -= o.RefundedAmount.Shift(2).IntPart()
			}
		}
		h.orders = append(h.orders, *o)
		if !s.opts.NoEvents {
			s.purchaseSession(er, p, o, &h)
			s.afterDelivery(er, p, o, ret, late, &h)
		}
	}
	if !s.opts.NoEvents {
		s.browsingSessions(er, p, len(times), &h)
	}
	return h
}

// purchaseTimes draws the customer's order times. The first order follows
// sign-up within 45 minutes. After every repeat purchase the customer drops
// out with probability p (Latent.Dropout); while active, purchases arrive as
// a Poisson process of rate λ × Seasonality.Factor(t), drawn by thinning. A
// churned customer stops at its churn time; the process also stops at End.
// The time of day of each purchase is redrawn from the hourly profile.
func (s *sim) purchaseTimes(r *rng, p *person) []time.Time {
	l := &p.latent
	end := s.opts.End
	horizon := end
	if l.Type == Churned {
		horizon = p.churnAt
	}
	first := p.profile.CreatedAt.Add(r.duration(time.Minute, 45*time.Minute)).Truncate(time.Second)
	if !first.Before(end) {
		return nil
	}
	times := []time.Time{first}
	if !first.Before(horizon) {
		l.Alive, l.DroppedAt = false, horizon
		return times
	}
	t := first
	rate := l.Rate * s.fmax // candidates per year
	for {
		// As in the BG/NBD model, dropping out is possible after each repeat
		// purchase, not after the first one.
		if len(times) > 1 && r.bernoulli(l.Dropout) {
			l.Alive, l.DroppedAt = false, times[len(times)-1]
			return times
		}
		for {
			t = t.Add(time.Duration(r.ExpFloat64() / rate * float64(year)))
			if !t.Before(horizon) {
				if horizon.Before(end) {
					l.Alive, l.DroppedAt = false, horizon
				}
				return times
			}
			if r.Float64()*s.fmax < s.season.Factor(t) {
				break
			}
		}
		at := s.atHour(r, t)
		last := times[len(times)-1]
		if !at.After(last) || !at.Before(horizon) {
			at = t.Truncate(time.Second)
		}
		if at.After(last) {
			times = append(times, at)
		}
	}
}

// newOrder builds the order placed at t and runs its life cycle up to End.
// late reports a late delivery; totalCents is the order total in cents.
func (s *sim) newOrder(r *rng, p *person, t time.Time) (o *order.Order, late bool, totalCents int64) {
	tp := s.types[p.latent.Type]
	o = &order.Order{
		ID:            r.uuid(),
		CustomerID:    p.profile.ID,
		Status:        order.StatusPending,
		Currency:      s.opts.Currency,
		PaymentMethod: paymentMethods[r.pick(paymentWeights)],
		PlacedAt:      t,
		UpdatedAt:     t,
		Version:       1,
	}
	extra := 0.5
	if p.latent.Type == BargainHunter {
		extra = 0.8
	}
	nLines := min(1+r.poisson(extra), 6)
	discountP := tp.DiscountAffinity
	if t.Month() == time.November {
		discountP *= s.season.PromoBoost
	}
	discountP = min(discountP, 0.95)
	var items int64
	o.Lines = make([]order.Line, 0, nLines)
	for range nLines {
		ci := s.cat.catDraw.draw(r)
		switch {
		case p.latent.Abuser && r.bernoulli(s.returns.AbuserElectronics):
			ci = categoryIndex("electronics")
		case r.bernoulli(0.6):
			ci = oneOf(r, p.prefs)
		}
		dear := p.latent.Abuser && r.bernoulli(s.returns.AbuserExpensiveBias)
		prod := s.cat.draw(r, ci, t, dear)
		if slices.ContainsFunc(o.Lines, func(l order.Line) bool { return l.ProductID == prod.ID }) {
			continue // a product appears on one line only
		}
		qw := quantityW
		if categories[ci].multiBuyers {
			qw = multiQuantityW
		}
		qty := int64(1 + r.pick(qw))
		gross := prod.priceCents * qty
		var disc int64
		if r.bernoulli(discountP) {
			disc = (gross*discountPcts[r.pick(discountW)] + 50) / 100
		}
		items += gross - disc
		o.Lines = append(o.Lines, order.Line{
			ProductID: prod.ID,
			SKU:       prod.SKU,
			Name:      prod.Name,
			Category:  prod.Category,
			Quantity:  int(qty),
			UnitPrice: prod.Price, // decimals are immutable, so records may share them
			Discount:  cents(disc),
		})
	}
	var ship int64
	switch {
	case r.bernoulli(expressShare):
		ship = expressShipping
	case items < freeShippingFrom:
		ship = standardShipping
	}
	tax := int64(math.Round(float64(items) * float64(p.country.taxBasis) / 10000))
	o.Shipping = cents(ship)
	o.Tax = cents(tax)
	// Equal to o.ComputeTotal(), summed in cents without the decimal arithmetic.
	totalCents = items + ship + tax
	o.Total = cents(totalCents)
	o.RefundedAmount = decimal.Zero
	return o, s.lifeCycle(r, o), totalCents
}

var (
	standardShippingDec = decimal.New(standardShipping, -2)
	expressShippingDec  = decimal.New(expressShipping, -2)
)

// cents returns an amount in cents as a decimal, sharing the common values.
func cents(c int64) decimal.Decimal {
	switch c {
	case 0:
		return decimal.Zero
	case standardShipping:
		return standardShippingDec
	case expressShipping:
		return expressShippingDec
	}
	return decimal.New(c, -2)
}

// lifeCycle moves the order through its statuses, stopping at End: 2 %
// are cancelled before payment and 1.5 % after it (refunded in full); bank
// transfers are paid after 12–72 hours, other methods within minutes; orders
// ship 6–48 hours after payment and arrive 1–5 days later, or 6–12 days for
// the ReviewParams.LateDelivery share. It reports a late delivery.
func (s *sim) lifeCycle(r *rng, o *order.Order) (late bool) {
	end := s.opts.End
	step := func(to order.Status, at time.Time) bool {
		at = at.Truncate(time.Second)
		if !at.Before(end) {
			return false
		}
		if err := o.Transition(to, at); err != nil {
			panic(err) // the steps below follow the life cycle; a failure is a bug here
		}
		return true
	}
	if r.bernoulli(cancelUnpaidShare) {
		step(order.StatusCancelled, o.PlacedAt.Add(r.duration(10*time.Minute, 6*time.Hour)))
		return false
	}
	payDelay := r.duration(5*time.Second, 3*time.Minute)
	if o.PaymentMethod == "bank_transfer" {
		payDelay = r.duration(12*time.Hour, 72*time.Hour)
	}
	if !step(order.StatusPaid, o.PlacedAt.Add(payDelay)) {
		return false
	}
	if r.bernoulli(cancelPaidShare) {
		if step(order.StatusCancelled, o.PaidAt.Add(r.duration(time.Hour, 20*time.Hour))) {
			o.RefundedAmount = o.Total
		}
		return false
	}
	if !step(order.StatusShipped, o.PaidAt.Add(r.duration(6*time.Hour, 48*time.Hour))) {
		return false
	}
	transit := r.duration(day, 5*day)
	if r.bernoulli(s.reviews.LateDelivery) {
		late = true
		transit = r.duration(6*day, 12*day)
	}
	step(order.StatusDelivered, o.ShippedAt.Add(transit))
	return late
}
