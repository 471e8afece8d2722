package insight

import (
	"cmp"
	"slices"

	"github.com/crmkit/crmkit/order"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// uncategorised names the category of lines without one.
const uncategorised = "uncategorised"

// categoryOf returns the line's category, from the product record when the
// line carries none.
func categoryOf(l *order.Line, products map[string]order.Product) string {
	if l.Category != "" {
		return l.Category
	}
	if p, ok := products[l.ProductID]; ok && p.Category != "" {
		return p.Category
	}
	return uncategorised
}

// byCategory returns goods sales per category (line subtotals: quantity ×
// price less line discounts, before refunds, without shipping and tax) in
// the period and the previous one, largest first.
func (h *history) byCategory(p Period, products map[string]order.Product) []Breakdown {
	cur, prev := map[string]decimal.Decimal{}, map[string]decimal.Decimal{}
	add := func(m map[string]decimal.Decimal, os []order.Order) {
		for i := range os {
			for j := range os[i].Lines {
				l := &os[i].Lines[j]
				c := categoryOf(l, products)
				m[c] = m[c].Add(l.Subtotal())
			}
		}
	}
	add(cur, h.inPeriod(p))
	add(prev, h.inPeriod(p.Previous()))
	return breakdowns(cur, prev, nil)
}

// bySegment returns the period's net revenue per group of customers (their
// RFM segment), with the group sizes.
func (h *history) bySegment(p Period, group map[uuid.UUID]string) []Breakdown {
	cur, prev := map[string]decimal.Decimal{}, map[string]decimal.Decimal{}
	sizes := map[string]int{}
	for _, g := range group {
		sizes[g]++
		cur[g] = decimal.Zero
	}
	for _, o := range h.inPeriod(p) {
		g := groupOf(group, o.CustomerID)
		cur[g] = cur[g].Add(o.Revenue())
	}
	for _, o := range h.inPeriod(p.Previous()) {
		g := groupOf(group, o.CustomerID)
		prev[g] = prev[g].Add(o.Revenue())
	}
	return breakdowns(cur, prev, sizes)
}

func groupOf(group map[uuid.UUID]string, id uuid.UUID) string {
	if g, ok := group[id]; ok {
		return g
	}
	return "other"
}

func breakdowns(curD, prevD map[string]decimal.Decimal, sizes map[string]int) []Breakdown {
	cur, prev := map[string]float64{}, map[string]float64{}
	total := 0.0
	for k, v := range curD {
		cur[k] = v.InexactFloat64()
		total += cur[k]
	}
	for k, v := range prevD {
		prev[k] = v.InexactFloat64()
	}
	names := map[string]bool{}
	for k := range cur {
		names[k] = true
	}
	for k := range prev {
		names[k] = true
	}
	out := make([]Breakdown, 0, len(names))
	for n := range names {
		out = append(out, Breakdown{Name: n, Revenue: cur[n], Previous: prev[n], Share: ratio(cur[n], total), Customers: sizes[n]})
	}
	slices.SortFunc(out, func(a, b Breakdown) int {
		if c := cmp.Compare(b.Revenue, a.Revenue); c != 0 {
			return c
		}
		return cmp.Compare(a.Name, b.Name)
	})
	return out
}

// topProducts returns the n products with the highest goods sales (line
// subtotals) in the period.
func (h *history) topProducts(p Period, n int, products map[string]order.Product) []ProductSale {
	by := map[string]*ProductSale{}
	for _, o := range h.inPeriod(p) {
		counted := map[string]bool{}
		for j := range o.Lines {
			l := &o.Lines[j]
			s := by[l.ProductID]
			if s == nil {
				s = &ProductSale{ProductID: l.ProductID, Name: l.Name, Category: categoryOf(l, products)}
				if pr, ok := products[l.ProductID]; ok && pr.Name != "" {
					s.Name = pr.Name
				}
				by[l.ProductID] = s
			}
			s.Units += l.Quantity
			s.Revenue = cents(s.Revenue + l.Subtotal().InexactFloat64())
			if !counted[l.ProductID] {
				counted[l.ProductID] = true
				s.Orders++
			}
		}
	}
	out := make([]ProductSale, 0, len(by))
	for _, s := range by {
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b ProductSale) int {
		if c := cmp.Compare(b.Revenue, a.Revenue); c != 0 {
			return c
		}
		return cmp.Compare(a.ProductID, b.ProductID)
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}
