package importer

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/crmkit/crmkit/order"
	"github.com/shopspring/decimal"
)

// row is one parsed data line.
type row struct {
	line     int
	invoice  string
	product  string
	desc     string
	customer string // normalised; "" for a guest
	country  string
	currency string
	qty      int
	price    decimal.Decimal
	at       time.Time
}

// amount returns quantity × unit price.
func (r *row) amount() decimal.Decimal { return r.price.Mul(decimal.NewFromInt(int64(r.qty))) }

// parser turns CSV records into rows. It caches the last date it parsed:
// the lines of an invoice share one.
type parser struct {
	m        *Mapping
	cols     columns
	lastDate string
	lastAt   time.Time
	prices   map[string]decimal.Decimal // parsed prices: a shop has few distinct ones
}

// maxCachedPrices bounds the price cache of a parser.
const maxCachedPrices = 1 << 16

// parse reads rec (whose first field is on file line line) into r; a
// non-empty reason says why the line is bad.
func (p *parser) parse(rec []string, line int, r *row) (reason string) {
	*r = row{line: line}
	c := &p.cols
	if len(rec) != c.n {
		return fmt.Sprintf("%d fields, the header has %d", len(rec), c.n)
	}
	r.invoice = strings.TrimSpace(rec[c.order])
	switch {
	case r.invoice == "":
		return "empty order number"
	case len(r.invoice) > 60: // leaves room for the "-2" of a split order within order numbers' 64 bytes
		return fmt.Sprintf("order number %.20q… longer than 60 bytes", r.invoice)
	}
	r.product = strings.TrimSpace(rec[c.product])
	switch {
	case r.product == "":
		return "empty product ID"
	case len(r.product) > 128:
		return fmt.Sprintf("product ID %.20q… longer than 128 bytes", r.product)
	}
	if c.desc >= 0 {
		r.desc = strings.TrimSpace(rec[c.desc])
		if !utf8.ValidString(r.desc) {
			return "description is not valid UTF-8"
		}
	}
	q, err := strconv.Atoi(strings.TrimSpace(rec[c.qty]))
	if err != nil {
		return fmt.Sprintf("quantity %q is not an integer", rec[c.qty])
	}
	if q == 0 {
		return "quantity is 0"
	}
	r.qty = q
	if r.price, err = p.price(strings.TrimSpace(rec[c.price])); err != nil {
		return fmt.Sprintf("unit price %q is not a decimal number", rec[c.price])
	}
	if d := strings.TrimSpace(rec[c.date]); d == p.lastDate && d != "" {
		r.at = p.lastAt
	} else {
		at, err := time.ParseInLocation(p.m.DateLayout, d, location(p.m))
		if err != nil {
			return fmt.Sprintf("date %q does not match the layout %q", d, p.m.DateLayout)
		}
		r.at = at.UTC()
		p.lastDate, p.lastAt = d, r.at
	}
	if c.customer >= 0 {
		r.customer = normalizeCustomerID(rec[c.customer])
		if len(r.customer) > 180 {
			return fmt.Sprintf("customer ID %.20q… longer than 180 bytes", r.customer)
		}
	}
	if c.country >= 0 {
		r.country = strings.TrimSpace(rec[c.country])
	}
	r.currency = p.m.DefaultCurrency
	if c.currency >= 0 {
		if cur := strings.ToUpper(strings.TrimSpace(rec[c.currency])); cur != "" {
			r.currency = cur
		}
	}
	if !order.ValidCurrency(r.currency) {
		return fmt.Sprintf("currency %q is not an ISO 4217 code", r.currency)
	}
	return ""
}

// price parses a price, through a cache: decimal values are immutable, so
// lines with the same price can share one.
func (p *parser) price(s string) (decimal.Decimal, error) {
	if d, ok := p.prices[s]; ok {
		return d, nil
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return d, err
	}
	if p.prices == nil {
		p.prices = map[string]decimal.Decimal{}
	}
	if len(p.prices) < maxCachedPrices {
		p.prices[strings.Clone(s)] = d
	}
	return d, nil
}

func location(m *Mapping) *time.Location {
	if m.Location == nil {
		return time.UTC
	}
	return m.Location
}

// normalizeCustomerID trims an ID and drops the ".0" that spreadsheets and
// pandas add to numeric IDs ("17850.0" → "17850").
func normalizeCustomerID(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '.'); i > 0 && strings.Trim(s[i+1:], "0") == "" && isDigits(s[:i]) {
		return s[:i]
	}
	return s
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
