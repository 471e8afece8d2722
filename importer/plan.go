package importer

import (
	"context"
	"errors"
	"io"
	"strconv"
	"time"

	"github.com/crmkit/crmkit/order"
	"github.com/shopspring/decimal"
)

// plan is what the first pass learns about the file: which lines repeat
// earlier ones, where each invoice ends, and which purchase each
// cancellation line returns. The second pass needs all three before it can
// write an order: a purchase's refunds come from cancellations further on.
type plan struct {
	invoices  map[string]*invoicePlan
	dups      map[int]struct{}    // lines that repeat an earlier line exactly
	matches   map[int]*partPlan   // cancellation line → the order part it returns
	unmatched map[int]string      // cancellation line → why it matches nothing
	customers map[string]struct{} // distinct customer IDs
	cancels   []cancelLine        // in file order
	bought    []purchase          // customers' kept lines, in file order
}

// purchase is a kept line of a known customer, which a cancellation may return.
type purchase struct {
	key  custProduct
	part *partPlan
	qty  int
}

// invoicePlan is one invoice as the first pass sees it.
type invoicePlan struct {
	number   string
	lastLine int
	at       time.Time // of its first usable line
	head     invoiceHead
	kept     int // lines kept on orders (sale, service)
	parts    []*partPlan
	seen     hashSet // hashes of its lines, for duplicates
}

// partPlan is one order made from an invoice: invoices with more lines than
// order.MaxLines become several orders, numbered "<invoice>", "<invoice>-2", ...
type partPlan struct {
	inv      *invoicePlan
	number   string
	sum      money           // of the lines and shipping
	total    decimal.Decimal // sum, once the scan is over
	refunded decimal.Decimal
	lines    int // kept lines
}

type custProduct struct{ customer, product string }

// candidate is a product on an order part that a cancellation may return.
type candidate struct {
	part *partPlan
	left int // quantity not yet returned
}

type cancelLine struct {
	line     int
	inv      *invoicePlan
	customer string
	product  string
	qty      int
	amount   decimal.Decimal
}

// part returns the order part that the invoice's next kept line goes to.
func (ip *invoicePlan) part() *partPlan {
	i := ip.kept / order.MaxLines
	for len(ip.parts) <= i {
		n := ip.number
		if k := len(ip.parts); k > 0 {
			n += "-" + strconv.Itoa(k+1)
		}
		ip.parts = append(ip.parts, &partPlan{inv: ip, number: n})
	}
	return ip.parts[i]
}

// scan is the first pass.
func scan(ctx context.Context, open Opener, o *Options) (*plan, error) {
	src, err := openCSV(open, o.Mapping)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	p := &plan{
		invoices: map[string]*invoicePlan{}, dups: map[int]struct{}{},
		matches: map[int]*partPlan{}, unmatched: map[int]string{},
		customers: map[string]struct{}{},
	}
	cl := newClassifier(o.Mapping)
	ps := &parser{m: o.Mapping, cols: src.cols}
	var (
		h     lineHasher
		names = interner{}
		r     row
		n     int
	)
	for {
		rec, line, bad, err := src.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		n++
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if o.Progress != nil && n%o.ProgressEvery == 0 {
			o.Progress(Progress{Phase: PhaseScan, Lines: n})
		}
		if bad != "" || ps.parse(rec, line, &r) != "" {
			continue
		}
		ip := p.invoice(names, &r)
		if !ip.seen.add(h.sum(rec)) {
			p.dups[line] = struct{}{}
			continue
		}
		p.add(cl, names, ip, &r)
	}
	if o.Progress != nil {
		o.Progress(Progress{Phase: PhaseScan, Lines: n, Done: true})
	}
	for _, ip := range p.invoices {
		ip.seen = hashSet{}
		for _, part := range ip.parts {
			part.total = part.sum.total()
		}
	}
	p.match(cl)
	p.bought, p.cancels = nil, nil
	return p, nil
}

// invoice returns the plan of r's invoice, starting it at r.
func (p *plan) invoice(names interner, r *row) *invoicePlan {
	ip, ok := p.invoices[r.invoice]
	if !ok {
		ip = &invoicePlan{number: names.get(r.invoice), at: r.at}
		p.invoices[ip.number] = ip
	}
	return ip
}

// add records one readable, non-duplicate line of invoice ip.
func (p *plan) add(cl *classifier, names interner, ip *invoicePlan, r *row) {
	ip.lastLine = r.line
	if r.customer != "" {
		p.customers[names.get(r.customer)] = struct{}{}
	}
	kind, _ := cl.classify(r, &ip.head)
	switch kind {
	case LineSale, LineService:
		part := ip.part()
		ip.kept++
		part.lines++
		part.sum.add(r.price, r.qty)
		if r.customer == "" {
			return // guests cannot be matched to cancellations
		}
		p.bought = append(p.bought, purchase{custProduct{ip.head.customer, names.get(r.product)}, part, r.qty})
	case LineShipping:
		part := ip.part()
		part.sum.add(r.price, r.qty)
	case LineReturn:
		p.cancels = append(p.cancels, cancelLine{
			line: r.line, inv: ip, customer: names.get(r.customer), product: names.get(r.product),
			qty: -r.qty, amount: r.price.Mul(decimal.NewFromInt(int64(-r.qty))),
		})
	}
}

// Reasons a cancellation line matches no purchase.
const (
	reasonGuest      = "no customer ID"
	reasonNotBought  = "the customer has no earlier purchase of the product in the file"
	reasonPostage    = "postage refund (postage is not a returnable item)"
	reasonNothingOut = "earlier purchases have too little quantity or money left to return"
)

// match pairs every cancellation line, in file order, with the latest
// earlier order part of the same customer that still holds the quantity
// and the money; earlier cancellations use up what they matched.
func (p *plan) match(cl *classifier) {
	index := p.candidates()
	for _, c := range p.cancels {
		if c.customer == "" {
			p.unmatched[c.line] = reasonGuest
			continue
		}
		if cl.code(c.product) == codeShipping {
			p.unmatched[c.line] = reasonPostage
			continue
		}
		list := index[custProduct{c.customer, c.product}]
		reason := reasonNotBought
		for i := len(list) - 1; i >= 0; i-- {
			cand := list[i]
			part := cand.part
			if part.inv.at.After(c.inv.at) || part.inv.lastLine >= c.inv.lastLine {
				continue // the purchase comes later, or is still open when the cancellation is written
			}
			reason = reasonNothingOut
			if cand.left < c.qty || part.total.Sub(part.refunded).LessThan(c.amount) {
				continue
			}
			cand.left -= c.qty
			part.refunded = part.refunded.Add(c.amount)
			p.matches[c.line] = part
			reason = ""
			break
		}
		if reason != "" {
			p.unmatched[c.line] = reason
		}
	}
}
