package segment

import (
	"slices"
	"time"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/google/uuid"
)

// Facts is what a segment query can test about one customer: the profile,
// a summary of the orders and, when computed, RFM scores, a cluster and
// lifetime-value predictions. Nil parts are missing: any comparison on a
// missing value is false (so NOT of it is true).
type Facts struct {
	Customer *customer.Customer
	Orders   OrderFacts
	RFM      *Score
	Cluster  *int
	CLV      *CLVFacts
}

// OrderFacts summarises a customer's orders; only orders that count as
// sales enter (order.Order.Counts). Zero times mean no order.
type OrderFacts struct {
	Orders     int
	Units      int
	Returns    int
	FirstOrder time.Time
	LastOrder  time.Time
	TotalSpent float64 // sum of order totals
	Refunded   float64 // money refunded on those orders
}

// CLVFacts carries lifetime-value predictions made elsewhere (package clv)
// into queries.
type CLVFacts struct {
	Value             float64 // discounted value over the horizon
	PAlive            float64 // probability the customer is still active
	ExpectedPurchases float64 // over the prediction horizon
	ExpectedAOV       float64 // expected average order value
}

// OrderFactsFromOrders summarises orders per customer.
func OrderFactsFromOrders(orders []order.Order) map[uuid.UUID]OrderFacts {
	out := map[uuid.UUID]OrderFacts{}
	for i := range orders {
		o := &orders[i]
		if !o.Counts() {
			continue
		}
		f := out[o.CustomerID]
		f.Orders++
		f.Units += o.Units()
		f.TotalSpent += o.Total.InexactFloat64()
		f.Refunded += o.RefundedAmount.InexactFloat64()
		if f.FirstOrder.IsZero() || o.PlacedAt.Before(f.FirstOrder) {
			f.FirstOrder = o.PlacedAt
		}
		if o.PlacedAt.After(f.LastOrder) {
			f.LastOrder = o.PlacedAt
		}
		out[o.CustomerID] = f
	}
	return out
}

// OrderFactsFromSummary builds OrderFacts from the fields of a stored
// per-customer summary (such as store.CustomerSummary), without this
// package depending on the store.
func OrderFactsFromSummary(orders, units, returns int, first, last time.Time, spent, refunded float64) OrderFacts {
	return OrderFacts{Orders: orders, Units: units, Returns: returns, FirstOrder: first, LastOrder: last, TotalSpent: spent, Refunded: refunded}
}

type valueKind int

const (
	kindNumber valueKind = iota
	kindString
	kindTime
	kindBool
	kindSet
)

func (k valueKind) String() string {
	return [...]string{"number", "string", "date", "boolean", "list"}[k]
}

type value struct {
	num float64
	str string
	t   time.Time
	b   bool
	set []string
}

// fieldDef is one queryable field: its type and how to read it.
type fieldDef struct {
	kind valueKind
	doc  string
	get  func(f *Facts) (value, bool)
}

// QueryField documents a field the query language knows.
type QueryField struct {
	Name string
	Type string // number, string, date, boolean or list
	Doc  string
}

// QueryFields lists every field a query may use, sorted by name. Fields
// named attr.KEY read the customer's free-form attribute KEY as a string.
func QueryFields() []QueryField {
	out := make([]QueryField, 0, len(fields))
	for name, d := range fields {
		out = append(out, QueryField{Name: name, Type: d.kind.String(), Doc: d.doc})
	}
	slices.SortFunc(out, func(a, b QueryField) int {
		if a.Name < b.Name {
			return -1
		}
		return 1
	})
	return out
}

func cust(get func(c *customer.Customer) value) func(*Facts) (value, bool) {
	return func(f *Facts) (value, bool) {
		if f.Customer == nil {
			return value{}, false
		}
		return get(f.Customer), true
	}
}

func str(get func(c *customer.Customer) string) func(*Facts) (value, bool) {
	return func(f *Facts) (value, bool) {
		if f.Customer == nil {
			return value{}, false
		}
		s := get(f.Customer)
		return value{str: s}, s != ""
	}
}

func num(get func(f *Facts) float64) func(*Facts) (value, bool) {
	return func(f *Facts) (value, bool) { return value{num: get(f)}, true }
}

func when(get func(f *Facts) time.Time) func(*Facts) (value, bool) {
	return func(f *Facts) (value, bool) {
		t := get(f)
		return value{t: t}, !t.IsZero()
	}
}

func rfm(get func(s *Score) value) func(*Facts) (value, bool) {
	return func(f *Facts) (value, bool) {
		if f.RFM == nil {
			return value{}, false
		}
		return get(f.RFM), true
	}
}

func clvField(get func(c *CLVFacts) float64) func(*Facts) (value, bool) {
	return func(f *Facts) (value, bool) {
		if f.CLV == nil {
			return value{}, false
		}
		return value{num: get(f.CLV)}, true
	}
}

func firstAddress(c *customer.Customer) *customer.Address {
	if len(c.Addresses) == 0 {
		return nil
	}
	return &c.Addresses[0]
}

var fields = map[string]fieldDef{
	"email":       {kindString, "normalised e-mail address", str(func(c *customer.Customer) string { return c.Email })},
	"first_name":  {kindString, "first name", str(func(c *customer.Customer) string { return c.FirstName })},
	"last_name":   {kindString, "last name", str(func(c *customer.Customer) string { return c.LastName })},
	"name":        {kindString, "full name", str(func(c *customer.Customer) string { return c.Name() })},
	"phone":       {kindString, "normalised phone number", str(func(c *customer.Customer) string { return c.Phone })},
	"external_id": {kindString, "the shop's own customer ID", str(func(c *customer.Customer) string { return c.ExternalID })},
	"country": {kindString, "country (ISO 3166-1 alpha-2) of the first address", str(func(c *customer.Customer) string {
		if a := firstAddress(c); a != nil {
			return a.Country
		}
		return ""
	})},
	"city": {kindString, "city of the first address", str(func(c *customer.Customer) string {
		if a := firstAddress(c); a != nil {
			return a.City
		}
		return ""
	})},
	"tags":      {kindSet, "the customer's tags", cust(func(c *customer.Customer) value { return value{set: c.Tags} })},
	"interests": {kindSet, "the customer's interests", cust(func(c *customer.Customer) value { return value{set: c.Interests} })},
	"created_at": {kindTime, "when the profile was created", when(func(f *Facts) time.Time {
		return custTime(f, func(c *customer.Customer) time.Time { return c.CreatedAt })
	})},
	"email_consent": {kindBool, "marketing by e-mail is allowed now", cust(func(c *customer.Customer) value { return value{b: c.HasConsent(customer.ChannelEmail)} })},
	"sms_consent":   {kindBool, "marketing by SMS is allowed now", cust(func(c *customer.Customer) value { return value{b: c.HasConsent(customer.ChannelSMS)} })},

	"orders":      {kindNumber, "orders that count as sales", num(func(f *Facts) float64 { return float64(f.Orders.Orders) })},
	"units":       {kindNumber, "items bought", num(func(f *Facts) float64 { return float64(f.Orders.Units) })},
	"returns":     {kindNumber, "return requests", num(func(f *Facts) float64 { return float64(f.Orders.Returns) })},
	"total_spent": {kindNumber, "sum of order totals", num(func(f *Facts) float64 { return f.Orders.TotalSpent })},
	"refunded":    {kindNumber, "money refunded", num(func(f *Facts) float64 { return f.Orders.Refunded })},
	"net_spent":   {kindNumber, "total spent less refunds", num(func(f *Facts) float64 { return f.Orders.TotalSpent - f.Orders.Refunded })},
	"aov": {kindNumber, "average order value (missing without orders)", func(f *Facts) (value, bool) {
		if f.Orders.Orders == 0 {
			return value{}, false
		}
		return value{num: f.Orders.TotalSpent / float64(f.Orders.Orders)}, true
	}},
	"first_order": {kindTime, "when the first order was placed", when(func(f *Facts) time.Time { return f.Orders.FirstOrder })},
	"last_order":  {kindTime, "when the latest order was placed", when(func(f *Facts) time.Time { return f.Orders.LastOrder })},

	"rfm_r":       {kindNumber, "RFM recency score (higher is more recent)", rfm(func(s *Score) value { return value{num: float64(s.R)} })},
	"rfm_f":       {kindNumber, "RFM frequency score", rfm(func(s *Score) value { return value{num: float64(s.F)} })},
	"rfm_m":       {kindNumber, "RFM monetary score", rfm(func(s *Score) value { return value{num: float64(s.M)} })},
	"rfm_segment": {kindString, "RFM segment name, e.g. 'at_risk'", rfm(func(s *Score) value { return value{str: s.Segment} })},
	"cluster": {kindNumber, "k-means cluster number", func(f *Facts) (value, bool) {
		if f.Cluster == nil {
			return value{}, false
		}
		return value{num: float64(*f.Cluster)}, true
	}},

	"clv":                {kindNumber, "predicted lifetime value over the horizon", clvField(func(c *CLVFacts) float64 { return c.Value })},
	"p_alive":            {kindNumber, "probability the customer is still active", clvField(func(c *CLVFacts) float64 { return c.PAlive })},
	"expected_purchases": {kindNumber, "predicted purchases over the horizon", clvField(func(c *CLVFacts) float64 { return c.ExpectedPurchases })},
	"expected_aov":       {kindNumber, "expected average order value", clvField(func(c *CLVFacts) float64 { return c.ExpectedAOV })},
}

func custTime(f *Facts, get func(c *customer.Customer) time.Time) time.Time {
	if f.Customer == nil {
		return time.Time{}
	}
	return get(f.Customer)
}
