package segment

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/crmkit/crmkit/customer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var queryNow = time.Date(2024, 6, 30, 12, 0, 0, 0, time.UTC)

func sampleFacts() *Facts {
	c := &customer.Customer{Email: "ada@example.com", FirstName: "Ada", LastName: "Lovelace",
		Tags: []string{"vip", "wholesale"}, Attributes: map[string]string{"tier": "Gold"},
		Addresses: []customer.Address{{Country: "GB", City: "London"}},
		CreatedAt: time.Date(2022, 3, 1, 9, 0, 0, 0, time.UTC)}
	c.GrantConsent(customer.ChannelEmail, time.Date(2022, 3, 1, 9, 0, 0, 0, time.UTC), "checkout")
	cl := 2
	return &Facts{
		Customer: c,
		Orders: OrderFacts{Orders: 4, Units: 9, Returns: 1, TotalSpent: 400, Refunded: 50,
			FirstOrder: time.Date(2022, 3, 1, 9, 0, 0, 0, time.UTC), LastOrder: queryNow.AddDate(0, 0, -100)},
		RFM:     &Score{R: 2, F: 4, M: 4, Segment: SegmentAtRisk},
		Cluster: &cl,
		CLV:     &CLVFacts{Value: 321.5, PAlive: 0.42, ExpectedPurchases: 1.3, ExpectedAOV: 95},
	}
}

func TestQueryIssueExample(t *testing.T) {
	q, err := ParseQuery("orders >= 3 AND last_order < -90d AND tags CONTAINS 'vip' AND rfm_segment = 'at_risk'")
	require.NoError(t, err)
	f := sampleFacts()
	assert.True(t, q.Match(f, queryNow))
	// Each condition alone can exclude the customer.
	g := sampleFacts()
	g.Orders.Orders = 2
	assert.False(t, q.Match(g, queryNow))
	g = sampleFacts()
	g.Orders.LastOrder = queryNow.AddDate(0, 0, -80)
	assert.False(t, q.Match(g, queryNow))
	g = sampleFacts()
	g.Customer.Tags = []string{"wholesale"}
	assert.False(t, q.Match(g, queryNow))
	g = sampleFacts()
	g.RFM = nil
	assert.False(t, q.Match(g, queryNow))
}

func TestQueryCases(t *testing.T) {
	f := sampleFacts()
	empty := &Facts{}
	cases := []struct {
		q           string
		want, empty bool
	}{
		{"net_spent = 350", true, false},
		{"aov > 99.9 and aov < 100.1", true, false},
		{"ORDERS > 10 OR returns >= 1 AND refunded > 0", true, false}, // AND binds tighter
		{"(orders > 10 OR returns >= 1) AND refunded > 100", false, false},
		{"NOT rfm_segment = 'champions'", true, true}, // missing RFM: the comparison is false
		{"rfm_segment IS NULL", false, true},
		{"last_order IS NOT NULL", true, false},
		{"rfm_segment IN ('at_risk', 'cant_lose') AND rfm_m >= 4", true, false},
		{"rfm_segment NOT IN ('lost')", true, false},
		{"tags NOT CONTAINS 'VIP'", false, false},
		{"tags IS NULL", false, true},
		{"email CONTAINS '@EXAMPLE.'", true, false},
		{"name = 'ada lovelace' AND country = 'gb' AND city = 'London'", true, false},
		{"attr.tier = 'gold'", true, false},
		{"attr.missing = 'x'", false, false},
		{"email_consent = true AND sms_consent = false", true, false},
		{"first_order = 2022-03-01", true, false},
		{"first_order < 2022-03-01", false, false},
		{"created_at < -2y AND created_at > -3y", true, false},
		{"last_order >= -4m", true, false},
		{"last_order < -14w", true, false},
		{"last_order < today", true, false},
		{"cluster = 2 AND clv > 300 AND p_alive < 0.5 AND expected_purchases > 1 AND expected_aov = 95", true, false},
		{`first_name = "Ada" and not not units = 9`, true, false},
		{"orders = 0", false, true},
	}
	for _, c := range cases {
		q, err := ParseQuery(c.q)
		require.NoError(t, err, c.q)
		assert.Equal(t, c.want, q.Match(f, queryNow), c.q)
		assert.Equal(t, c.empty, q.Match(empty, queryNow), "empty facts: %s", c.q)
	}
}

func TestQueryCanonicalString(t *testing.T) {
	q := MustParseQuery(`orders > 1 or NOT tags contains 'it''s' and last_order < -90D`)
	assert.Equal(t, `(orders > 1 OR (NOT tags CONTAINS 'it\'s' AND last_order < -90d))`, q.String())
	again := MustParseQuery(q.String())
	assert.Equal(t, q.String(), again.String())
}

func TestQueryFields(t *testing.T) {
	q := MustParseQuery("rfm_segment = 'lost' OR (orders > 1 AND NOT rfm_r = 1) OR attr.Tier = 'x'")
	assert.Equal(t, []string{"attr.Tier", "orders", "rfm_r", "rfm_segment"}, q.Fields())
}

func TestQueryErrors(t *testing.T) {
	cases := []struct {
		q        string
		column   int
		expected string
	}{
		{"orders >=", 10, "a number for orders"},
		{"orders >= 'x'", 11, "a number for orders"},
		{"colour = 'red'", 1, "a known field (see QueryFields)"},
		{"tags = 'vip'", 6, "CONTAINS, NOT CONTAINS or IS [NOT] NULL for list field tags"},
		{"(orders > 1", 12, `")" or AND or OR`},
		{"orders > 1 AND", 15, `a field name, NOT or "("`},
		{"orders > 1 orders > 2", 12, "AND, OR or the end of the query"},
		{"email_consent > true", 15, "= or != for boolean field email_consent"},
		{"last_order < 90", 14, "a date (2024-01-31), a relative date (-90d) or today for last_order"},
		{"last_order < 2024-02-30", 14, "a valid calendar date (YYYY-MM-DD)"},
		{"orders > 5x", 11, "a unit h, d, w, m or y, or a space after the number"},
		{"email = 'open", 9, "a closing '"},
		{"orders ~ 3", 8, "a field, value, operator or parenthesis"},
		{"orders 3", 8, "an operator (=, !=, <, <=, >, >=, CONTAINS, IN, IS) after orders"},
		{"rfm_segment IN ('a' 'b')", 21, `"," or ")" in the IN list`},
		{"orders CONTAINS '3'", 8, "CONTAINS only on a string or list field, not number field orders"},
		{"", 1, `a field name, NOT or "("`},
	}
	for _, c := range cases {
		_, err := ParseQuery(c.q)
		var qe *QueryError
		require.True(t, errors.As(err, &qe), "%q: %v", c.q, err)
		assert.Equal(t, c.column, qe.Column(), c.q)
		assert.Equal(t, c.expected, qe.Expected, c.q)
	}
	_, err := ParseQuery(strings.Repeat("orders > 1 AND ", MaxQueryLength/10) + "orders > 1")
	var qe *QueryError
	require.ErrorAs(t, err, &qe)
	assert.Equal(t, MaxQueryLength, qe.Pos)
	_, err = ParseQuery("orders >=")
	assert.EqualError(t, err, "segment: query: at column 10: expected a number for orders, found end of query")
}

func TestQueryFieldsDocumented(t *testing.T) {
	for _, f := range QueryFields() {
		assert.NotEmpty(t, f.Doc, f.Name)
		_, err := ParseQuery(f.Name + " IS NOT NULL")
		assert.NoError(t, err, f.Name)
	}
}

// FuzzParseQuery checks that no input panics the parser or the evaluator,
// and that the canonical form of any accepted query parses to itself.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"orders >= 3 AND last_order < -90d AND tags CONTAINS 'vip' AND rfm_segment = 'at_risk'",
		"NOT (clv > 100 OR p_alive < 0.2) AND email_consent = true",
		"rfm_segment IN ('lost', 'hibernating') AND first_order < 2020-01-01",
		"attr.tier = 'gold' AND tags NOT CONTAINS \"x\" AND last_order IS NULL",
		"((((orders > 1))))", "orders >", "'unterminated", "2024-13-01", "-5", "last_order > +99999999999y",
		"a.b.c", "NOT NOT NOT", ")", "orders IN ()", "email = 'a''b\\'c'",
	} {
		f.Add(s)
	}
	facts := sampleFacts()
	f.Fuzz(func(t *testing.T, src string) {
		q, err := ParseQuery(src)
		if err != nil {
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("%q: error %v is not a *QueryError", src, err)
			}
			if qe.Pos < 0 || qe.Pos > len(src) {
				t.Fatalf("%q: position %d outside the query", src, qe.Pos)
			}
			return
		}
		q.Match(facts, queryNow)
		q.Match(&Facts{}, queryNow)
		canon := q.String()
		again, err := ParseQuery(canon)
		if err != nil {
			t.Fatalf("%q: canonical form %q does not parse: %v", src, canon, err)
		}
		if again.String() != canon {
			t.Fatalf("%q: canonical form changes: %q then %q", src, canon, again.String())
		}
	})
}
