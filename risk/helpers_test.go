package risk

import (
	"time"

	"github.com/crmkit/crmkit/order"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// t0 is the start of the hand-worked histories.
var t0 = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)

func at(days float64) time.Time { return t0.Add(time.Duration(days * float64(24*time.Hour))) }

func id(n int) uuid.UUID { return uuid.UUID{15: byte(n), 14: byte(n >> 8)} }

var alice = id(1000)

// delivered returns a delivered order of one line placed on day `day`,
// delivered three days later.
func delivered(n int, day float64, total int64, category string) order.Order {
	amt := decimal.NewFromInt(total)
	return order.Order{
		ID: id(n), Number: "SO-" + string(rune('A'+n)), CustomerID: alice, Status: order.StatusDelivered, Currency: "EUR",
		Lines:    []order.Line{{ProductID: "P-" + category, Category: category, Quantity: 1, UnitPrice: amt}},
		Total:    amt,
		PlacedAt: at(day), PaidAt: at(day + 0.01), ShippedAt: at(day + 1), DeliveredAt: at(day + 3),
	}
}

// request returns a pending request for all of o on day `day`.
func request(n int, o order.Order, day float64, amount int64, refundOnly bool) order.Return {
	amt := decimal.NewFromInt(amount)
	return order.Return{
		ID: id(500 + n), OrderID: o.ID, CustomerID: alice,
		Items:  []order.ReturnItem{{ProductID: o.Lines[0].ProductID, Quantity: 1, Amount: amt}},
		Amount: amt, RefundOnly: refundOnly, Status: order.ReturnRequested, RequestedAt: at(day),
	}
}

// resolved marks r as decided (refunded or rejected) on day `day`.
func resolved(r order.Return, status order.ReturnStatus, day float64) order.Return {
	r.Status, r.ResolvedAt = status, at(day)
	return r
}

// only runs one rule on the request and history with the default policy
// (as modified by tweak).
func only(rl rule, req Request, h History, tweak func(*Policy)) (Reason, bool) {
	p := DefaultPolicy()
	if tweak != nil {
		tweak(p)
	}
	f := &facts{req: &req, at: req.Return.RequestedAt, s: snapshotAt(&h, req.Return.RequestedAt, req.Return.ID), created: h.AccountCreated, p: p}
	return rl(f)
}
