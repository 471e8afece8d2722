package risk

import (
	"cmp"
	"slices"
	"time"

	"github.com/crmkit/crmkit/order"
	"github.com/google/uuid"
)

// snapshot is a history as it stood at one moment: only what was known
// before at, with returns' statuses rewound to that moment.
type snapshot struct {
	at time.Time
	// orders counted as sales at `at`, oldest first.
	orders []*order.Order
	// delivered are the orders among them that had arrived, oldest first.
	delivered []*order.Order
	byID      map[uuid.UUID]*order.Order
	// returns were requested before `at` (the request being decided left
	// out), oldest first, with status their status at `at`.
	returns []pastReturn
	reviews []Rating
}

type pastReturn struct {
	*order.Return
	status order.ReturnStatus
}

// snapshotAt rewinds h to t, leaving out the return with ID skip.
func snapshotAt(h *History, t time.Time, skip uuid.UUID) *snapshot {
	s := &snapshot{at: t, byID: make(map[uuid.UUID]*order.Order, len(h.Orders))}
	for i := range h.Orders {
		o := &h.Orders[i]
		if !countsAt(o, t) {
			continue
		}
		s.orders = append(s.orders, o)
		s.byID[o.ID] = o
		if deliveredAt(o, t) {
			s.delivered = append(s.delivered, o)
		}
	}
	byPlaced := func(a, b *order.Order) int {
		return cmp.Or(a.PlacedAt.Compare(b.PlacedAt), slices.Compare(a.ID[:], b.ID[:]))
	}
	slices.SortFunc(s.orders, byPlaced)
	slices.SortFunc(s.delivered, byPlaced)
	for i := range h.Returns {
		r := &h.Returns[i]
		if r.ID == skip && skip != uuid.Nil || !r.RequestedAt.Before(t) {
			continue
		}
		s.returns = append(s.returns, pastReturn{Return: r, status: statusAt(r, t)})
	}
	slices.SortFunc(s.returns, func(a, b pastReturn) int {
		return cmp.Or(a.RequestedAt.Compare(b.RequestedAt), slices.Compare(a.ID[:], b.ID[:]))
	})
	for _, rv := range h.Reviews {
		if rv.At.Before(t) {
			s.reviews = append(s.reviews, rv)
		}
	}
	return s
}

// profile condenses a snapshot's return behaviour into the counts the
// population model compares.
type profile struct {
	delivered  int     // delivered orders
	returned   int     // of which with a return request
	requests   int     // return requests
	refundOnly int     // of which refund-only
	spend      float64 // totals of orders counted as sales
	asked      float64 // amounts of requests not rejected
	daysSum    float64 // days from delivery to request, summed over timed requests
	timed      int     // requests on delivered orders
}

// profile condenses the snapshot, with the request being decided folded in
// when req is not nil.
func (s *snapshot) profile(req *Request) profile {
	var p profile
	p.delivered = len(s.delivered)
	for _, o := range s.orders {
		p.spend += o.Total.InexactFloat64()
	}
	returned := map[uuid.UUID]bool{}
	for _, r := range s.returns {
		p.add(r.Return, r.status, s.byID[r.OrderID], s.at, returned)
	}
	if req != nil {
		o := &req.Order
		if _, known := s.byID[o.ID]; !known && countsAt(o, s.at) {
			// The history did not carry the request's order: count it here.
			p.spend += o.Total.InexactFloat64()
			if deliveredAt(o, s.at) {
				p.delivered++
			}
		}
		p.add(&req.Return, order.ReturnRequested, o, s.at, returned)
	}
	return p
}

// add folds one request into the profile; returned tracks the orders
// already counted as returned.
func (p *profile) add(r *order.Return, status order.ReturnStatus, o *order.Order, at time.Time, returned map[uuid.UUID]bool) {
	p.requests++
	if r.RefundOnly {
		p.refundOnly++
	}
	if status != order.ReturnRejected {
		p.asked += r.Amount.InexactFloat64()
	}
	if o == nil || !deliveredAt(o, at) {
		return
	}
	if !returned[o.ID] {
		returned[o.ID] = true
		p.returned++
	}
	if d := r.RequestedAt.Sub(o.DeliveredAt); d >= 0 {
		p.daysSum += d.Hours() / 24
		p.timed++
	}
}
