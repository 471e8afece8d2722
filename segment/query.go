package segment

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Query is a parsed segment definition. It is immutable and safe for
// concurrent use.
//
// The language, in the spirit of Shopify's customer segments:
//
//	query      = or
//	or         = and { "OR" and }
//	and        = not { "AND" not }
//	not        = "NOT" not | "(" query ")" | comparison
//	comparison = field op value
//	           | field ["NOT"] "CONTAINS" string
//	           | field ["NOT"] "IN" "(" value { "," value } ")"
//	           | field "IS" ["NOT"] "NULL"
//	op         = "=" | "!=" | "<>" | "<" | "<=" | ">" | ">="
//	value      = number | 'string' | "string" | true | false
//	           | relative date (-90d, -2w, -6m, -1y, -12h, +7d from now;
//	             today is the start of the current UTC day)
//	           | date (2024-01-31, midnight UTC)
//
// Keywords and field names are case-insensitive; string comparisons and
// CONTAINS ignore case. On a list field (tags, interests) CONTAINS tests
// membership; on a string field it tests for a substring. A date compared
// with = or != compares calendar days (UTC). A missing value (no RFM
// scores, no orders for last_order, no e-mail) makes any comparison false
// except IS NULL. See QueryFields for the fields.
type Query struct {
	src  string
	root node
}

// MaxQueryLength bounds the text of a query, in bytes.
const MaxQueryLength = 64 << 10

// ParseQuery parses a segment query. Errors are *QueryError values that
// give the position and what was expected there.
func ParseQuery(src string) (*Query, error) {
	if len(src) > MaxQueryLength {
		return nil, &QueryError{Query: src, Pos: MaxQueryLength, Expected: fmt.Sprintf("a query of at most %d bytes", MaxQueryLength), Found: fmt.Sprintf("%d bytes", len(src))}
	}
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &parser{src: src, toks: toks}
	root, err := p.parseOr(0)
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tokEOF {
		return nil, p.fail(t, "AND, OR or the end of the query")
	}
	return &Query{src: src, root: root}, nil
}

// MustParseQuery is ParseQuery for queries fixed in code; it panics on an
// error.
func MustParseQuery(src string) *Query {
	q, err := ParseQuery(src)
	if err != nil {
		panic(err)
	}
	return q
}

// Match reports whether the customer described by f belongs to the
// segment; relative dates are taken relative to now.
func (q *Query) Match(f *Facts, now time.Time) bool { return q.root.eval(f, now) }

// String returns the query in canonical form: upper-case keywords, full
// parentheses around every AND and OR group.
func (q *Query) String() string { return q.root.String() }

// Fields returns the names of the fields the query reads, sorted, each
// once; callers use it to compute only what a query needs (RFM scores,
// lifetime values).
func (q *Query) Fields() []string {
	var out []string
	var walk func(n node)
	walk = func(n node) {
		switch n := n.(type) {
		case andNode:
			walk(n.l)
			walk(n.r)
		case orNode:
			walk(n.l)
			walk(n.r)
		case notNode:
			walk(n.x)
		case cmpNode:
			out = append(out, n.field)
		}
	}
	walk(q.root)
	slices.Sort(out)
	return slices.Compact(out)
}

// Source returns the text the query was parsed from.
func (q *Query) Source() string { return q.src }

type node interface {
	eval(f *Facts, now time.Time) bool
	String() string
}

type andNode struct{ l, r node }
type orNode struct{ l, r node }
type notNode struct{ x node }

func (n andNode) eval(f *Facts, now time.Time) bool { return n.l.eval(f, now) && n.r.eval(f, now) }
func (n orNode) eval(f *Facts, now time.Time) bool  { return n.l.eval(f, now) || n.r.eval(f, now) }
func (n notNode) eval(f *Facts, now time.Time) bool { return !n.x.eval(f, now) }
func (n andNode) String() string                    { return "(" + n.l.String() + " AND " + n.r.String() + ")" }
func (n orNode) String() string                     { return "(" + n.l.String() + " OR " + n.r.String() + ")" }
func (n notNode) String() string                    { return "NOT " + n.x.String() }

// literal is a parsed value; times are resolved at evaluation, relative
// ones against now.
type literal struct {
	kind    valueKind
	num     float64
	str     string
	b       bool
	abs     time.Time
	rel     bool
	amount  int
	unit    byte // h d w m y
	display string
}

func (l literal) time(now time.Time) time.Time {
	if !l.rel {
		return l.abs
	}
	switch l.unit {
	case 't': // today: the start of now's calendar day (UTC)
		return now.UTC().Truncate(24 * time.Hour)
	case 'h':
		return now.Add(time.Duration(l.amount) * time.Hour)
	case 'd':
		return now.AddDate(0, 0, l.amount)
	case 'w':
		return now.AddDate(0, 0, 7*l.amount)
	case 'm':
		return now.AddDate(0, l.amount, 0)
	}
	return now.AddDate(l.amount, 0, 0)
}

type cmpNode struct {
	field string
	def   fieldDef
	op    string // = != < <= > >= CONTAINS NOT CONTAINS IN NOT IN IS NULL IS NOT NULL
	vals  []literal
}

func (n cmpNode) String() string {
	switch n.op {
	case "IS NULL", "IS NOT NULL":
		return n.field + " " + n.op
	case "IN", "NOT IN":
		parts := make([]string, len(n.vals))
		for i, v := range n.vals {
			parts[i] = v.display
		}
		return n.field + " " + n.op + " (" + strings.Join(parts, ", ") + ")"
	}
	return n.field + " " + n.op + " " + n.vals[0].display
}

func (n cmpNode) eval(f *Facts, now time.Time) bool {
	v, ok := n.def.get(f)
	if n.def.kind == kindSet {
		ok = ok && len(v.set) > 0
	}
	switch n.op {
	case "IS NULL":
		return !ok
	case "IS NOT NULL":
		return ok
	}
	if !ok {
		return false
	}
	switch n.op {
	case "IN":
		return slices.ContainsFunc(n.vals, func(l literal) bool { return equal(n.def.kind, v, l, now) })
	case "NOT IN":
		return !slices.ContainsFunc(n.vals, func(l literal) bool { return equal(n.def.kind, v, l, now) })
	case "CONTAINS":
		return contains(n.def.kind, v, n.vals[0].str)
	case "NOT CONTAINS":
		return !contains(n.def.kind, v, n.vals[0].str)
	case "=":
		return equal(n.def.kind, v, n.vals[0], now)
	case "!=":
		return !equal(n.def.kind, v, n.vals[0], now)
	}
	c := compareValue(n.def.kind, v, n.vals[0], now)
	switch n.op {
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	}
	return c >= 0 // ">="
}

func contains(k valueKind, v value, s string) bool {
	if k == kindSet {
		return slices.ContainsFunc(v.set, func(e string) bool { return strings.EqualFold(e, s) })
	}
	return strings.Contains(strings.ToLower(v.str), strings.ToLower(s))
}

func equal(k valueKind, v value, l literal, now time.Time) bool {
	switch k {
	case kindNumber:
		return v.num == l.num
	case kindString:
		return strings.EqualFold(v.str, l.str)
	case kindBool:
		return v.b == l.b
	case kindTime:
		y1, m1, d1 := v.t.UTC().Date()
		y2, m2, d2 := l.time(now).UTC().Date()
		return y1 == y2 && m1 == m2 && d1 == d2
	}
	return false
}

func compareValue(k valueKind, v value, l literal, now time.Time) int {
	switch k {
	case kindNumber:
		switch {
		case v.num < l.num:
			return -1
		case v.num > l.num:
			return 1
		}
		return 0
	case kindTime:
		return v.t.Compare(l.time(now))
	}
	return strings.Compare(strings.ToLower(v.str), strings.ToLower(l.str))
}

// maxDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxDepth = 100

type parser struct {
	src  string
	toks []token
	i    int
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tokEOF {
		p.i++
	}
	return t
}

func (p *parser) fail(t token, expected string) error {
	return &QueryError{Query: p.src, Pos: t.pos, Expected: expected, Found: t.describe()}
}

func (p *parser) keyword(word string) bool {
	t := p.peek()
	return t.kind == tokIdent && strings.EqualFold(t.text, word)
}

func (p *parser) parseOr(depth int) (node, error) {
	l, err := p.parseAnd(depth)
	if err != nil {
		return nil, err
	}
	for p.keyword("OR") {
		p.next()
		r, err := p.parseAnd(depth)
		if err != nil {
			return nil, err
		}
		l = orNode{l, r}
	}
	return l, nil
}

func (p *parser) parseAnd(depth int) (node, error) {
	l, err := p.parseNot(depth)
	if err != nil {
		return nil, err
	}
	for p.keyword("AND") {
		p.next()
		r, err := p.parseNot(depth)
		if err != nil {
			return nil, err
		}
		l = andNode{l, r}
	}
	return l, nil
}

func (p *parser) parseNot(depth int) (node, error) {
	if depth > maxDepth {
		return nil, p.fail(p.peek(), fmt.Sprintf("at most %d levels of nesting", maxDepth))
	}
	t := p.peek()
	switch {
	case p.keyword("NOT"):
		p.next()
		x, err := p.parseNot(depth + 1)
		if err != nil {
			return nil, err
		}
		return notNode{x}, nil
	case t.kind == tokLParen:
		p.next()
		x, err := p.parseOr(depth + 1)
		if err != nil {
			return nil, err
		}
		if c := p.next(); c.kind != tokRParen {
			return nil, p.fail(c, `")" or AND or OR`)
		}
		return x, nil
	}
	return p.parseComparison()
}

func (p *parser) parseComparison() (node, error) {
	t := p.next()
	if t.kind != tokIdent || isKeyword(t.text) {
		return nil, p.fail(t, "a field name, NOT or \"(\"")
	}
	name := strings.ToLower(t.text)
	def, ok := fields[name]
	if !ok {
		if strings.HasPrefix(name, "attr.") && len(name) > len("attr.") {
			key := t.text[len("attr."):]
			def = fieldDef{kind: kindString, doc: "attribute " + key, get: func(f *Facts) (value, bool) {
				if f.Customer == nil {
					return value{}, false
				}
				v, ok := f.Customer.Attributes[key]
				return value{str: v}, ok
			}}
			name = "attr." + key
		} else {
			return nil, &QueryError{Query: p.src, Pos: t.pos, Expected: "a known field (see QueryFields)", Found: t.describe()}
		}
	}
	n := cmpNode{field: name, def: def}
	opTok := p.next()
	switch {
	case opTok.kind == tokOp:
		n.op = opTok.text
		if n.op == "!=" || n.op == "=" {
			if def.kind == kindSet {
				return nil, p.fail(opTok, "CONTAINS, NOT CONTAINS or IS [NOT] NULL for list field "+name)
			}
		} else if def.kind == kindBool || def.kind == kindSet {
			return nil, p.fail(opTok, "= or != for "+def.kind.String()+" field "+name)
		}
	case opTok.kind == tokIdent && strings.EqualFold(opTok.text, "CONTAINS"):
		n.op = "CONTAINS"
	case opTok.kind == tokIdent && strings.EqualFold(opTok.text, "IN"):
		n.op = "IN"
	case opTok.kind == tokIdent && strings.EqualFold(opTok.text, "NOT"):
		w := p.next()
		switch {
		case w.kind == tokIdent && strings.EqualFold(w.text, "CONTAINS"):
			n.op = "NOT CONTAINS"
		case w.kind == tokIdent && strings.EqualFold(w.text, "IN"):
			n.op = "NOT IN"
		default:
			return nil, p.fail(w, "CONTAINS or IN after NOT")
		}
	case opTok.kind == tokIdent && strings.EqualFold(opTok.text, "IS"):
		w := p.next()
		n.op = "IS NULL"
		if w.kind == tokIdent && strings.EqualFold(w.text, "NOT") {
			n.op = "IS NOT NULL"
			w = p.next()
		}
		if w.kind != tokIdent || !strings.EqualFold(w.text, "NULL") {
			return nil, p.fail(w, "NULL")
		}
		return n, nil
	default:
		return nil, p.fail(opTok, "an operator (=, !=, <, <=, >, >=, CONTAINS, IN, IS) after "+name)
	}
	if strings.HasSuffix(n.op, "CONTAINS") {
		if def.kind != kindString && def.kind != kindSet {
			return nil, p.fail(opTok, "CONTAINS only on a string or list field, not "+def.kind.String()+" field "+name)
		}
		v := p.next()
		if v.kind != tokString {
			return nil, p.fail(v, "a quoted string after CONTAINS")
		}
		n.vals = []literal{{kind: kindString, str: v.text, display: quote(v.text)}}
		return n, nil
	}
	if strings.HasSuffix(n.op, "IN") {
		if def.kind == kindSet {
			return nil, p.fail(opTok, "CONTAINS for list field "+name)
		}
		if l := p.next(); l.kind != tokLParen {
			return nil, p.fail(l, `"(" to open the IN list`)
		}
		for {
			lit, err := p.parseValue(def.kind, name)
			if err != nil {
				return nil, err
			}
			n.vals = append(n.vals, lit)
			c := p.next()
			if c.kind == tokRParen {
				return n, nil
			}
			if c.kind != tokComma {
				return nil, p.fail(c, `"," or ")" in the IN list`)
			}
		}
	}
	lit, err := p.parseValue(def.kind, name)
	if err != nil {
		return nil, err
	}
	n.vals = []literal{lit}
	return n, nil
}

func (p *parser) parseValue(k valueKind, field string) (literal, error) {
	t := p.next()
	switch k {
	case kindNumber:
		if t.kind == tokNumber {
			v, err := strconv.ParseFloat(t.text, 64)
			if err == nil && !math.IsInf(v, 0) {
				return literal{kind: k, num: v, display: strconv.FormatFloat(v, 'g', -1, 64)}, nil
			}
		}
		return literal{}, p.fail(t, "a number for "+field)
	case kindString:
		if t.kind == tokString {
			return literal{kind: k, str: t.text, display: quote(t.text)}, nil
		}
		return literal{}, p.fail(t, "a quoted string for "+field)
	case kindBool:
		if t.kind == tokIdent && (strings.EqualFold(t.text, "true") || strings.EqualFold(t.text, "false")) {
			b := strings.EqualFold(t.text, "true")
			return literal{kind: k, b: b, display: strconv.FormatBool(b)}, nil
		}
		return literal{}, p.fail(t, "true or false for "+field)
	case kindTime:
		switch {
		case t.kind == tokIdent && strings.EqualFold(t.text, "today"):
			return literal{kind: k, rel: true, unit: 't', display: "today"}, nil
		case t.kind == tokDuration:
			amount, err := strconv.Atoi(t.text[:len(t.text)-1])
			if err != nil || amount > 100000 || amount < -100000 {
				return literal{}, p.fail(t, "a relative date within 100000 units")
			}
			unit := lower(t.text[len(t.text)-1])
			return literal{kind: k, rel: true, amount: amount, unit: unit, display: fmt.Sprintf("%+d%c", amount, unit)}, nil
		case t.kind == tokDate:
			d, err := time.Parse("2006-01-02", t.text)
			if err != nil {
				return literal{}, p.fail(t, "a valid calendar date (YYYY-MM-DD)")
			}
			return literal{kind: k, abs: d, display: t.text}, nil
		}
		return literal{}, p.fail(t, "a date (2024-01-31), a relative date (-90d) or today for "+field)
	}
	return literal{}, p.fail(t, "a value")
}

func quote(s string) string {
	return "'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), "'", `\'`) + "'"
}

func isKeyword(s string) bool {
	switch strings.ToUpper(s) {
	case "AND", "OR", "NOT", "CONTAINS", "IN", "IS", "NULL":
		return true
	}
	return false
}
