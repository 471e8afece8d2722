package importer

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// builder is the second pass: it turns lines into customers, orders,
// returns and products, using the plan, and hands full batches to emit.
type builder struct {
	ctx   context.Context
	st    store.Store
	o     *Options
	cl    *classifier
	p     *plan
	rep   *Report
	names interner
	emit  func(store.Batch) error

	open      map[string]*openInvoice
	customers map[string]uuid.UUID // external ID → customer ID, once settled
	products  map[string]*productState
	dirty     []*productState // products changed since the last batch
	batch     store.Batch
}

// openInvoice collects an invoice's lines until its last one is read.
type openInvoice struct {
	plan    *invoicePlan
	head    invoiceHead
	country string
	kept    int
	parts   []*openPart
	returns []*order.Return // one per matched order part, in first-match order
	byPart  map[*partPlan]*order.Return
}

type openPart struct {
	lines     []order.Line
	shipping  decimal.Decimal
	shipLines []order.Line // the shipping as lines, for an invoice with nothing else
}

type productState struct {
	order.Product
	dirty bool
}

func (inv *openInvoice) part() *openPart {
	i := inv.kept / order.MaxLines
	for len(inv.parts) <= i {
		size := 0
		if k := len(inv.parts); k < len(inv.plan.parts) {
			size = inv.plan.parts[k].lines
		}
		inv.parts = append(inv.parts, &openPart{lines: make([]order.Line, 0, size)})
	}
	return inv.parts[i]
}

// changed reports a file that differs between the two passes of an import.
func changed(line int) error {
	return fmt.Errorf("%w: line %d differs from what the first pass read: the file changed during the import", ErrFormat, line)
}

// id returns the deterministic ID of a record named by kind and key.
func (b *builder) id(kind, key string) uuid.UUID {
	return uuid.NewSHA1(b.o.Namespace, []byte(kind+":"+key))
}

// customerKey returns the external ID a line's customer gets.
func (b *builder) customerKey(head *invoiceHead, invoice string) string {
	switch {
	case head.customer != "":
		return head.customer
	case b.o.Guests == GuestShared:
		return "guest"
	default:
		return "guest-" + invoice
	}
}

// line handles one readable, non-duplicate row and returns its kind.
func (b *builder) line(r *row) (LineKind, error) {
	inv := b.open[r.invoice]
	if inv == nil {
		pl := b.p.invoices[r.invoice]
		if pl == nil {
			return LineBad, changed(r.line)
		}
		inv = &openInvoice{plan: pl, country: r.country, byPart: map[*partPlan]*order.Return{}}
		b.open[pl.number] = inv
	}
	kind, reason := b.cl.classify(r, &inv.head)
	switch kind {
	case LineBad:
		b.bad(r.line, reason)
	case LineSale, LineService:
		part := inv.part()
		inv.kept++
		p := b.touchProduct(r, kind, inv.head.currency)
		name := p.Name // shared, so stored orders do not each pin a CSV record
		if r.desc != name {
			name = b.names.get(r.desc)
		}
		l := order.Line{ProductID: p.ID, SKU: p.ID, Name: name, Category: p.Category, Quantity: r.qty, UnitPrice: r.price}
		part.lines = append(part.lines, l)
		if r.price.IsZero() {
			b.rep.ZeroPriceLines++
		}
	case LineShipping:
		part := inv.part()
		part.shipping = part.shipping.Add(r.amount())
		prod := b.names.get(r.product)
		part.shipLines = append(part.shipLines, order.Line{ProductID: prod, SKU: prod, Name: r.desc, Category: "shipping", Quantity: r.qty, UnitPrice: r.price})
	case LineReturn:
		target, ok := b.p.matches[r.line]
		if !ok {
			kind = LineUnmatchedCancellation
			b.rep.UnmatchedReasons[b.p.unmatched[r.line]]++
			break
		}
		ret := inv.byPart[target]
		if ret == nil {
			ret = &order.Return{
				ID:      b.id("return", inv.plan.number+":"+target.number),
				OrderID: b.id("order", target.number), CustomerID: b.customers[b.customerKey(&inv.head, inv.plan.number)],
				Reason: "cancellation invoice " + inv.plan.number, Status: order.ReturnRefunded,
				RequestedAt: inv.plan.at, ResolvedAt: inv.plan.at, UpdatedAt: inv.plan.at, Version: 1,
			}
			inv.byPart[target] = ret
			inv.returns = append(inv.returns, ret)
		}
		ret.Items = append(ret.Items, order.ReturnItem{ProductID: b.names.get(r.product), Quantity: -r.qty, Amount: r.price.Mul(decimal.NewFromInt(int64(-r.qty)))})
	}
	if r.line == inv.plan.lastLine {
		if err := b.close(inv); err != nil {
			return kind, err
		}
	}
	return kind, nil
}

// touchProduct keeps the product record current: the latest name and
// positive price seen, services inactive.
func (b *builder) touchProduct(r *row, kind LineKind, currency string) *productState {
	p := b.products[r.product]
	if p == nil {
		id := b.names.get(r.product)
		p = &productState{Product: order.Product{ID: id, SKU: id, Currency: currency, Active: kind == LineSale}}
		if kind == LineService {
			p.Category = "service"
		}
		b.products[id] = p
	}
	if r.desc != "" && r.desc != p.Name {
		p.Name = b.names.get(r.desc)
	}
	if r.price.IsPositive() && kind == LineSale {
		p.Price, p.Currency = r.price, currency
	}
	if r.at.After(p.UpdatedAt) {
		p.UpdatedAt = r.at
	}
	if !p.dirty {
		p.dirty = true
		b.dirty = append(b.dirty, p)
	}
	return p
}

// close turns a complete invoice into its orders or returns.
func (b *builder) close(inv *openInvoice) error {
	delete(b.open, inv.plan.number)
	at := inv.plan.at
	if len(inv.parts) > len(inv.plan.parts) {
		return changed(inv.plan.lastLine)
	}
	for i, part := range inv.parts {
		lines, shipping := part.lines, part.shipping
		if len(lines) == 0 {
			lines, shipping = part.shipLines, decimal.Zero
		}
		if len(lines) == 0 {
			continue
		}
		pp := inv.plan.parts[i]
		cust, err := b.customer(inv, at)
		if err != nil {
			return err
		}
		o := order.Order{
			ID: b.id("order", pp.number), Number: pp.number, CustomerID: cust,
			Status: order.StatusPaid, Currency: inv.head.currency, Lines: lines, Shipping: shipping,
			PlacedAt: at, PaidAt: at, UpdatedAt: at, Version: 1,
		}
		o.Total = o.ComputeTotal()
		if pp.refunded.IsPositive() {
			o.RefundedAmount = pp.refunded
			o.Status = order.StatusPartiallyRefunded
			if pp.refunded.Equal(o.Total) {
				o.Status = order.StatusRefunded
			}
		}
		if i > 0 {
			b.rep.SplitOrders++
		}
		b.batch.Orders = append(b.batch.Orders, o)
		b.rep.Built.Orders++
	}
	for _, ret := range inv.returns {
		ret.Amount = ret.ComputeAmount()
		b.batch.Returns = append(b.batch.Returns, *ret)
		b.rep.Built.Returns++
	}
	if len(b.batch.Orders) >= b.o.BatchOrders {
		return b.flush()
	}
	return nil
}

// customer returns the ID of the invoice's customer. The first time an
// external ID comes up, a profile the store already holds under it (the
// shop's own, or one from an earlier import) is used; otherwise a new
// profile joins the batch.
func (b *builder) customer(inv *openInvoice, at time.Time) (uuid.UUID, error) {
	key := b.customerKey(&inv.head, inv.plan.number)
	if id, done := b.customers[key]; done {
		return id, nil
	}
	stored, err := b.st.GetCustomerByExternalID(b.ctx, key)
	switch {
	case err == nil:
		b.customers[key] = stored.ID
		return stored.ID, nil
	case !errors.Is(err, store.ErrNotFound):
		return uuid.Nil, fmt.Errorf("importer: looking up customer %q: %w", key, err)
	}
	id := b.id("customer", key)
	b.customers[key] = id
	c := customer.Customer{ID: id, ExternalID: key, CreatedAt: at, UpdatedAt: at, Version: 1}
	if inv.country != "" {
		c.Attributes = map[string]string{"country": inv.country}
	}
	if inv.head.customer == "" {
		c.Tags = []string{"guest"}
		b.rep.Guests++
	}
	b.batch.Customers = append(b.batch.Customers, c)
	b.rep.Built.Customers++
	return id, nil
}

// flush hands the batch, with the products changed for it, to emit.
func (b *builder) flush() error {
	slices.SortFunc(b.dirty, func(x, y *productState) int { return strings.Compare(x.ID, y.ID) })
	for _, p := range b.dirty {
		b.batch.Products = append(b.batch.Products, p.Product)
		p.dirty = false
	}
	b.dirty = b.dirty[:0]
	if b.batch.Len() == 0 {
		return nil
	}
	batch := b.batch
	b.batch = store.Batch{}
	return b.emit(batch)
}

// bad records a bad line.
func (b *builder) bad(line int, reason string) {
	if b.o.MaxRowErrors < 0 || len(b.rep.Errors) < b.o.MaxRowErrors {
		b.rep.Errors = append(b.rep.Errors, RowError{Line: line, Reason: reason})
	}
}
