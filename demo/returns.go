package demo

import (
	"slices"
	"time"

	"github.com/crmkit/crmkit/order"
	"github.com/shopspring/decimal"
)

// Reasons abusers give: claims that need no goods sent back.
var (
	abuserRefundOnlyReasons = []string{"item never arrived", "parcel was empty", "arrived damaged, thrown away", "missing parts"}
	abuserReturnReasons     = []string{"not as described", "defective", "changed my mind"}
	lostParcelReasons       = []string{"parcel lost in transit", "arrived damaged, not worth sending back"}
)

// maybeReturn decides whether the customer asks for money back on a
// delivered order and, if so, builds the return and applies its refund to
// the order (status refunded or partially refunded at the refund time, when
// that falls before End).
//
// Normal customers return each line with the category's rate times their
// type's ReturnFactor, 2–28 days after delivery; ReturnParams.NormalRefundOnly
// of their returns are refund-only. Abusers return AbuserOrderRate of their
// orders within AbuserMaxDelay of delivery, always the dearest line plus each
// other line with probability 0.5, refund-only in AbuserRefundOnly of cases.
// Returns are refunded 1–10 days after the request (abusers: 1–3 days),
// except 5 % (abusers: 15 %) that are rejected; requests whose decision
// would fall after End stay requested.
func (s *sim) maybeReturn(r *rng, p *person, o *order.Order) *order.Return {
	if o.Status != order.StatusDelivered {
		return nil
	}
	abuser := p.latent.Abuser
	var picked []int
	var requested time.Time
	var refundOnly bool
	var reason string
	if abuser {
		if !r.bernoulli(s.returns.AbuserOrderRate) {
			return nil
		}
		dearest := 0
		for i, l := range o.Lines {
			if l.Subtotal().GreaterThan(o.Lines[dearest].Subtotal()) {
				dearest = i
			}
		}
		for i := range o.Lines {
			if i == dearest || r.bernoulli(0.5) {
				picked = append(picked, i)
			}
		}
		requested = o.DeliveredAt.Add(r.duration(time.Hour, s.returns.AbuserMaxDelay))
		refundOnly = r.bernoulli(s.returns.AbuserRefundOnly)
		if refundOnly {
			reason = oneOf(r, abuserRefundOnlyReasons)
		} else {
			reason = oneOf(r, abuserReturnReasons)
		}
	} else {
		factor := s.types[p.latent.Type].ReturnFactor
		for i, l := range o.Lines {
			if r.bernoulli(s.returns.CategoryLineRate[l.Category] * factor) {
				picked = append(picked, i)
			}
		}
		if len(picked) == 0 {
			return nil
		}
		requested = o.DeliveredAt.Add(r.duration(2*day, 28*day))
		refundOnly = r.bernoulli(s.returns.NormalRefundOnly)
		if refundOnly {
			reason = oneOf(r, lostParcelReasons)
		} else {
			reason = oneOf(r, categories[categoryIndex(o.Lines[picked[0]].Category)].returnWhy)
		}
	}
	requested = requested.Truncate(time.Second)
	if !requested.Before(s.opts.End) {
		return nil
	}
	ret := &order.Return{
		ID:          r.uuid(),
		OrderID:     o.ID,
		CustomerID:  o.CustomerID,
		Reason:      reason,
		RefundOnly:  refundOnly,
		Status:      order.ReturnRequested,
		RequestedAt: requested,
		UpdatedAt:   requested,
		Version:     1,
	}
	taxRate := decimal.Zero
	if items := o.ItemsTotal(); items.IsPositive() {
		taxRate = o.Tax.Div(items)
	}
	units := 0
	for _, i := range picked {
		l := o.Lines[i]
		// The refund is the line's subtotal with its share of the tax, in cents rounded down.
		amount := l.Subtotal().Add(l.Subtotal().Mul(taxRate)).RoundFloor(2)
		ret.Items = append(ret.Items, order.ReturnItem{ProductID: l.ProductID, Quantity: l.Quantity, Amount: amount})
		units += l.Quantity
	}
	ret.Amount = ret.ComputeAmount()
	if ret.Amount.GreaterThan(o.Total) {
		// Rounding cannot make the refund exceed the order; guard all the same.
		ret.Items[len(ret.Items)-1].Amount = ret.Items[len(ret.Items)-1].Amount.Sub(ret.Amount.Sub(o.Total))
		ret.Amount = ret.ComputeAmount()
	}

	rejectP, lo, hi := 0.05, day, 10*day
	if abuser {
		rejectP, lo, hi = 0.15, day, 3*day
	}
	decided := requested.Add(r.duration(lo, hi)).Truncate(time.Second)
	if !decided.Before(s.opts.End) {
		return ret
	}
	ret.ResolvedAt, ret.UpdatedAt = decided, decided
	if r.bernoulli(rejectP) {
		ret.Status = order.ReturnRejected
		return ret
	}
	ret.Status = order.ReturnRefunded
	to := order.StatusPartiallyRefunded
	if units == o.Units() {
		to = order.StatusRefunded
	}
	if err := o.Transition(to, decided); err != nil {
		panic(err) // delivered orders may always be refunded
	}
	o.RefundedAmount = ret.Amount
	return ret
}

func categoryIndex(name string) int {
	return slices.IndexFunc(categories, func(c category) bool { return c.name == name })
}
