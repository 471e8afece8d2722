package importer

import (
	"fmt"
	"strings"
)

// codeClass is what a product code stands for.
type codeClass int

const (
	codeProduct codeClass = iota
	codeShipping
	codeService
)

// classifier holds the rules that sort lines into kinds; both passes of an
// import use it, so they agree line for line.
type classifier struct {
	m     *Mapping
	codes map[string]codeClass
}

func newClassifier(m *Mapping) *classifier {
	c := &classifier{m: m, codes: map[string]codeClass{}}
	for _, s := range m.ShippingCodes {
		c.codes[s] = codeShipping
	}
	for _, s := range m.ServiceCodes {
		c.codes[s] = codeService
	}
	return c
}

func (c *classifier) code(product string) codeClass { return c.codes[product] }

func (c *classifier) isCancel(invoice string) bool {
	return c.m.CancelPrefix != "" && strings.HasPrefix(invoice, c.m.CancelPrefix)
}

func (c *classifier) isAdjustment(invoice string) bool {
	return c.m.AdjustmentPrefix != "" && strings.HasPrefix(invoice, c.m.AdjustmentPrefix)
}

// invoiceHead is what the first usable line of an invoice fixes for the rest.
type invoiceHead struct {
	set      bool
	customer string
	currency string
}

// classify sorts a readable, non-duplicate line. Cancellation lines come
// back as LineReturn: whether one is matched is decided after the scan. A
// LineBad comes with its reason.
func (c *classifier) classify(r *row, head *invoiceHead) (LineKind, string) {
	if c.isAdjustment(r.invoice) {
		return LineAdjustment, ""
	}
	if r.price.IsNegative() {
		return LineBad, fmt.Sprintf("negative unit price %s outside an adjustment invoice", r.price)
	}
	if !head.set {
		*head = invoiceHead{set: true, customer: r.customer, currency: r.currency}
	} else {
		if r.customer != head.customer {
			return LineBad, fmt.Sprintf("customer ID %q differs from %q on the earlier lines of invoice %s", r.customer, head.customer, r.invoice)
		}
		if r.currency != head.currency {
			return LineBad, fmt.Sprintf("currency %s differs from %s on the earlier lines of invoice %s", r.currency, head.currency, r.invoice)
		}
	}
	if c.isCancel(r.invoice) {
		if r.qty > 0 {
			return LineBad, fmt.Sprintf("cancellation with a positive quantity %d", r.qty)
		}
		return LineReturn, ""
	}
	if r.qty < 0 {
		return LineStockAdjustment, ""
	}
	switch c.code(r.product) {
	case codeShipping:
		return LineShipping, ""
	case codeService:
		return LineService, ""
	}
	return LineSale, ""
}

// interner keeps one copy of strings that recur (product codes, customer
// IDs), so long-lived maps do not pin whole CSV records in memory.
type interner map[string]string

func (in interner) get(s string) string {
	if v, ok := in[s]; ok {
		return v
	}
	s = strings.Clone(s)
	in[s] = s
	return s
}
