package insight

import (
	"math"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// periodFigures are the raw KPI values of one period.
type periodFigures struct {
	revenue, refunded        float64
	orders, units, refunds   int
	customers, newCustomers  int
	repeatCustomers          int
	activeAtEnd, activeStart int
	churned                  int
}

// figures computes a period's KPI values from the sales history. Revenue is
// net of refunds (order.Order.Revenue); a customer is active at t when they
// ordered in [t − window, t).
func (h *history) figures(p Period, window time.Duration) periodFigures {
	var f periodFigures
	revenue, refunded := decimal.Zero, decimal.Zero
	seen := map[uuid.UUID]bool{}
	for _, o := range h.inPeriod(p) {
		revenue = revenue.Add(o.Revenue())
		refunded = refunded.Add(o.RefundedAmount)
		f.orders++
		f.units += o.Units()
		if o.RefundedAmount.IsPositive() {
			f.refunds++
		}
		if !seen[o.CustomerID] {
			seen[o.CustomerID] = true
			ts := h.times[o.CustomerID]
			f.customers++
			if !ts[0].Before(p.From) {
				f.newCustomers++
			}
			if countBefore(ts, p.To) >= 2 {
				f.repeatCustomers++
			}
		}
	}
	f.revenue, f.refunded = revenue.InexactFloat64(), refunded.InexactFloat64()
	for _, ts := range h.times {
		startActive := orderedIn(ts, p.From.Add(-window), p.From)
		endActive := orderedIn(ts, p.To.Add(-window), p.To)
		if startActive {
			f.activeStart++
			if !endActive {
				f.churned++
			}
		}
		if endActive {
			f.activeAtEnd++
		}
	}
	return f
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func newKPI(key, label, unit string, cur, prev float64) KPI {
	k := KPI{Key: key, Label: label, Unit: unit, Current: cur, Previous: prev, Change: cur - prev}
	if unit == "currency" {
		k.Change = cents(k.Change)
	}
	if prev != 0 {
		r := (cur - prev) / prev
		k.ChangeRatio = &r
	}
	return k
}

// kpis returns the period's indicators against the previous period, in a
// fixed order.
func (h *history) kpis(p Period, window time.Duration) []KPI {
	c, q := h.figures(p, window), h.figures(p.Previous(), window)
	fl := func(n int) float64 { return float64(n) }
	return []KPI{
		newKPI("revenue", "Revenue", "currency", c.revenue, q.revenue),
		newKPI("orders", "Orders", "count", fl(c.orders), fl(q.orders)),
		newKPI("aov", "Average order value", "currency", cents(ratio(c.revenue, fl(c.orders))), cents(ratio(q.revenue, fl(q.orders)))),
		newKPI("units", "Units sold", "count", fl(c.units), fl(q.units)),
		newKPI("customers", "Customers who ordered", "count", fl(c.customers), fl(q.customers)),
		newKPI("new_customers", "New customers", "count", fl(c.newCustomers), fl(q.newCustomers)),
		newKPI("returning_customers", "Returning customers", "count", fl(c.customers-c.newCustomers), fl(q.customers-q.newCustomers)),
		newKPI("repeat_purchase_rate", "Repeat purchase rate", "ratio", ratio(fl(c.repeatCustomers), fl(c.customers)), ratio(fl(q.repeatCustomers), fl(q.customers))),
		newKPI("active_customers", "Active customers", "count", fl(c.activeAtEnd), fl(q.activeAtEnd)),
		newKPI("churn_rate", "Churn rate", "ratio", ratio(fl(c.churned), fl(c.activeStart)), ratio(fl(q.churned), fl(q.activeStart))),
		newKPI("refund_rate", "Refund rate", "ratio", ratio(fl(c.refunds), fl(c.orders)), ratio(fl(q.refunds), fl(q.orders))),
		newKPI("refund_amount", "Refunded", "currency", c.refunded, q.refunded),
	}
}

// cents rounds money to two decimals for the report.
func cents(x float64) float64 { return math.Round(x*100) / 100 }
