package customer_test

import (
	"errors"
	"testing"
	"time"

	"github.com/crmkit/crmkit/customer"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC)

func TestNormalizeEmail(t *testing.T) {
	for in, want := range map[string]string{
		"  Ada@Example.COM ":      "Ada@example.com",
		"ada@example.com":         "ada@example.com",
		"A.B+tag@Sub.Example.Org": "A.B+tag@sub.example.org",
		"no-at-sign":              "no-at-sign",
	} {
		assert.Equal(t, want, customer.NormalizeEmail(in), in)
	}
	assert.Equal(t, customer.EmailKey("Ada@example.com"), customer.EmailKey(" ADA@EXAMPLE.com"))
}

func TestNormalizePhone(t *testing.T) {
	assert.Equal(t, "+442079460958", customer.NormalizePhone("+44 (20) 7946-0958"))
	assert.Equal(t, "0301234567", customer.NormalizePhone("030 / 123 45 67"))
	assert.Equal(t, "12ab", customer.NormalizePhone("12 ab"), "letters stay so validation can reject them")
}

func TestValidateNamesFieldAndValue(t *testing.T) {
	valid := func() customer.Customer {
		return customer.Customer{Email: "ada@example.com", Phone: "+442079460958",
			Addresses: []customer.Address{{Line1: "1 Main St", City: "York", Country: "GB"}}}
	}
	cases := []struct {
		name, field, value string
		spoil              func(*customer.Customer)
	}{
		{"no contact", "email", "", func(c *customer.Customer) { c.Email, c.Phone = "", "" }},
		{"bad email", "email", "ada@", func(c *customer.Customer) { c.Email = "ada@" }},
		{"email without dot", "email", "ada@localhost", func(c *customer.Customer) { c.Email = "ada@localhost" }},
		{"email with space", "email", "a da@example.com", func(c *customer.Customer) { c.Email = "a da@example.com" }},
		{"short phone", "phone", "123", func(c *customer.Customer) { c.Phone = "123" }},
		{"letters in phone", "phone", "12345ab", func(c *customer.Customer) { c.Phone = "12345ab" }},
		{"country", "addresses[0].country", "GBR", func(c *customer.Customer) { c.Addresses[0].Country = "GBR" }},
		{"city", "addresses[0].city", "", func(c *customer.Customer) { c.Addresses[0].City = "" }},
		{"empty tag", "tags[1]", "", func(c *customer.Customer) { c.Tags = []string{"a", ""} }},
		{"consent channel", "consents[0].channel", "fax", func(c *customer.Customer) {
			c.Consents = []customer.Consent{{Channel: "fax", Granted: true, At: t0, Source: "form"}}
		}},
		{"consent source", "consents[0].source", "", func(c *customer.Customer) {
			c.Consents = []customer.Consent{{Channel: customer.ChannelSMS, At: t0}}
		}},
	}
	c := valid()
	require.NoError(t, c.Validate())
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := valid()
			tc.spoil(&c)
			err := c.Validate()
			var ve *customer.ValidationError
			require.True(t, errors.As(err, &ve), "got %v", err)
			assert.Equal(t, tc.field, ve.Field)
			assert.Equal(t, tc.value, ve.Value)
			assert.Contains(t, err.Error(), tc.field)
		})
	}
}

func TestConsentHistory(t *testing.T) {
	var c customer.Customer
	assert.False(t, c.HasConsent(customer.ChannelEmail), "no record means no consent")
	c.GrantConsent(customer.ChannelEmail, t0, "checkout")
	c.GrantConsent(customer.ChannelSMS, t0, "checkout")
	c.WithdrawConsent(customer.ChannelEmail, t0.Add(time.Hour), "unsubscribe_link")
	assert.False(t, c.HasConsent(customer.ChannelEmail))
	assert.True(t, c.HasConsent(customer.ChannelSMS))
	rec, ok := c.ConsentFor(customer.ChannelEmail)
	require.True(t, ok)
	assert.Equal(t, "unsubscribe_link", rec.Source)
	assert.Len(t, c.Consents, 3, "history is kept")
}

func TestTags(t *testing.T) {
	var c customer.Customer
	assert.True(t, c.AddTag(" VIP "))
	assert.False(t, c.AddTag("vip"))
	assert.True(t, c.HasTag("Vip"))
	assert.True(t, c.RemoveTag("VIP"))
	assert.False(t, c.HasTag("vip"))
}

func TestFindDuplicatesIsTransitive(t *testing.T) {
	a := customer.Customer{ID: uuid.New(), Email: "ada@example.com"}
	b := customer.Customer{ID: uuid.New(), Email: "ADA@Example.com", Phone: "+44 20 7946 0958"}
	c := customer.Customer{ID: uuid.New(), Phone: "+442079460958"}
	d := customer.Customer{ID: uuid.New(), Email: "someone@else.org"}
	groups := customer.FindDuplicates([]customer.Customer{a, d, b, c})
	require.Len(t, groups, 1)
	assert.Equal(t, []uuid.UUID{a.ID, b.ID, c.ID}, groups[0].IDs)
	assert.Equal(t, []string{"email:ada@example.com", "phone:+442079460958"}, groups[0].Reasons)
}

func TestMergeLosesNothing(t *testing.T) {
	keep := customer.Customer{ID: uuid.New(), Email: "ada@example.com", FirstName: "Ada",
		Tags: []string{"vip"}, Attributes: map[string]string{"tier": "gold"}, CreatedAt: t0}
	keep.GrantConsent(customer.ChannelEmail, t0, "checkout")
	drop := customer.Customer{ID: uuid.New(), Email: "ada.l@example.com", FirstName: "Augusta", LastName: "King",
		Phone: "+442079460958", Tags: []string{"newsletter", "VIP"}, Interests: []string{"maths"},
		Attributes: map[string]string{"tier": "silver", "source": "pos"},
		Addresses:  []customer.Address{{Line1: "1 St James's Sq", City: "London", Country: "GB"}},
		CreatedAt:  t0.Add(-24 * time.Hour)}
	drop.WithdrawConsent(customer.ChannelEmail, t0.Add(time.Hour), "preference_center")

	m := customer.Merge(keep, drop)
	p := customer.MergedFromPrefix + drop.ID.String() + "."
	assert.Equal(t, keep.ID, m.ID)
	assert.Equal(t, "ada@example.com", m.Email)
	assert.Equal(t, "ada.l@example.com", m.Attributes[p+"email"])
	assert.Equal(t, "Ada", m.FirstName)
	assert.Equal(t, "Augusta", m.Attributes[p+"first_name"])
	assert.Equal(t, "King", m.LastName, "empty fields are filled")
	assert.Equal(t, "+442079460958", m.Phone)
	assert.Equal(t, []string{"vip", "newsletter"}, m.Tags)
	assert.Equal(t, []string{"maths"}, m.Interests)
	assert.Equal(t, "gold", m.Attributes["tier"])
	assert.Equal(t, "silver", m.Attributes[p+"attributes.tier"])
	assert.Equal(t, "pos", m.Attributes["source"])
	assert.Len(t, m.Addresses, 1)
	assert.True(t, m.CreatedAt.Equal(t0.Add(-24*time.Hour)))
	assert.False(t, m.HasConsent(customer.ChannelEmail), "the later withdrawal stays in force")
	assert.Len(t, m.Consents, 2)
	assert.Len(t, keep.Tags, 1, "arguments are not modified")
	assert.Len(t, keep.Attributes, 1)
}

func TestCloneIsDeep(t *testing.T) {
	c := customer.Customer{Tags: []string{"a"}, Attributes: map[string]string{"k": "v"},
		Addresses: []customer.Address{{City: "York"}}}
	d := c.Clone()
	d.Tags[0], d.Attributes["k"], d.Addresses[0].City = "b", "w", "Leeds"
	assert.Equal(t, "a", c.Tags[0])
	assert.Equal(t, "v", c.Attributes["k"])
	assert.Equal(t, "York", c.Addresses[0].City)
}
