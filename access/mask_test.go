package access_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/crmkit/crmkit/access"
	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// secrets lists the personal data seeded for a customer, as stored.
func secrets(c customer.Customer) []string {
	out := []string{c.Email, c.Phone, c.FirstName, c.LastName, c.Attributes["birthday"]}
	if access.PersonalExternalID(c.ExternalID) {
		out = append(out, c.ExternalID)
	}
	for _, a := range c.Addresses {
		out = append(out, a.Line1, a.Line2, a.City, a.Region, a.PostalCode)
	}
	return out
}

// assertNoSecrets fails when the JSON form of v contains any secret.
func assertNoSecrets(t *testing.T, v any, secrets []string, path string) {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	for _, s := range secrets {
		if s != "" {
			assert.NotContains(t, string(b), s, "%s leaks personal data", path)
		}
	}
}

func collectAll[T any](t *testing.T, s func(yield func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for v, err := range s {
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

// mergerPolicy adds a role that merges profiles without seeing personal data.
func mergerPolicy(t *testing.T) *access.Policy {
	pol, err := access.NewPolicy(map[access.Role][]access.Permission{
		"merger":   {custRead, custWrite, custDelete},
		"clerk":    {custRead, custWrite, piiWrite, retRead, retWrite},
		"marketer": access.DefaultPolicy().Permissions(access.RoleMarketer),
		"support":  access.DefaultPolicy().Permissions(access.RoleSupport),
	})
	require.NoError(t, err)
	return pol
}

// TestMaskingOnEveryReadPath reads the seeded shop through every read path
// as a principal without PII read and checks that no personal data comes
// back, while what such a principal needs (IDs, tags, consents, country,
// non-personal attributes, ratings) does.
func TestMaskingOnEveryReadPath(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			inner := b.open(t)
			defer inner.Close()
			s := seed(t, inner)
			g := access.Wrap(inner, mergerPolicy(t))
			ctx := as("marketer")
			leaks := append(append(secrets(s.ada), secrets(s.bob)...),
				s.ret.Reason, "Ring Ada Lovelace", "203.0.113.7")

			c, err := g.GetCustomer(ctx, s.ada.ID)
			require.NoError(t, err)
			assertNoSecrets(t, c, leaks, "GetCustomer")
			assert.Equal(t, access.Redacted, c.Email)
			assert.Equal(t, access.Redacted, c.Phone)
			assert.Equal(t, access.Redacted, c.FirstName)
			assert.Equal(t, access.Redacted, c.Addresses[0].Line1)
			assert.Equal(t, "GB", c.Addresses[0].Country, "the country stays for segmentation")
			assert.Equal(t, s.ada.ExternalID, c.ExternalID, "an account number is not personal")
			assert.Equal(t, []string{"vip"}, c.Tags)
			assert.Equal(t, "en", c.Attributes["language"])
			assert.Equal(t, access.Redacted, c.Attributes["birthday"])
			assert.True(t, c.HasConsent(customer.ChannelEmail), "consents stay: marketing must honour them")

			c, err = g.GetCustomerByExternalID(ctx, s.ada.ExternalID)
			require.NoError(t, err)
			assertNoSecrets(t, c, leaks, "GetCustomerByExternalID")
			assert.Equal(t, s.ada.ID, c.ID)

			all := collectAll(t, g.Customers(ctx, store.CustomerFilter{}))
			require.Len(t, all, 2)
			assertNoSecrets(t, all, leaks, "Customers")
			assert.Equal(t, access.Redacted, all[1].ExternalID, "an e-mail used as external ID is masked")

			page := collectAll(t, g.Customers(ctx, store.CustomerFilter{Tag: "vip", Limit: 1}))
			require.Len(t, page, 1)
			assertNoSecrets(t, page, leaks, "Customers with a filter and a limit")

			// Lookups by personal keys are refused, found or not: even "not
			// found" would tell whether an address belongs to a customer.
			for name, err := range map[string]error{
				"by e-mail":           second(g.GetCustomerByEmail(ctx, s.ada.Email)),
				"by unknown e-mail":   second(g.GetCustomerByEmail(ctx, "nobody@example.com")),
				"by e-mail ext. ID":   second(g.GetCustomerByExternalID(ctx, s.bob.ExternalID)),
				"scan with e-mail":    drain(g.Customers(ctx, store.CustomerFilter{Email: s.ada.Email})),
				"scan unknown e-mail": drain(g.Customers(ctx, store.CustomerFilter{Email: "x@example.com"})),
			} {
				assert.ErrorIs(t, err, access.ErrForbidden, name)
			}

			r, err := g.GetReturn(ctx, s.ret.ID)
			require.NoError(t, err)
			assert.Equal(t, access.Redacted, r.Reason)
			assert.True(t, r.Amount.Equal(s.ret.Amount))
			rs := collectAll(t, g.Returns(ctx, store.ReturnFilter{CustomerID: s.ada.ID}))
			assertNoSecrets(t, rs, leaks, "Returns")
			require.Len(t, rs, 1)

			evs := collectAll(t, g.Events(ctx, store.EventFilter{CustomerID: s.ada.ID}))
			require.Len(t, evs, 2)
			assertNoSecrets(t, evs, leaks, "Events")
			for _, e := range evs {
				if e.Kind == behavior.KindReview {
					assert.Equal(t, access.Redacted, e.Text)
					assert.Equal(t, 2, e.Rating, "the rating stays")
					assert.Equal(t, "web", e.Attributes["channel"])
					assert.Equal(t, access.Redacted, e.Attributes["ip"])
				}
			}
			desc := collectAll(t, g.Events(ctx, store.EventFilter{Desc: true, Limit: 1}))
			assertNoSecrets(t, desc, leaks, "Events, newest first")

			sums := collectAll(t, store.Summaries(ctx, g, store.SummaryFilter{}))
			require.Len(t, sums, 1)
			assertNoSecrets(t, sums, leaks, "Summaries")
			assert.Equal(t, s.ada.ID, sums[0].CustomerID)
			assert.Equal(t, 1, sums[0].Orders)
			assert.True(t, sums[0].TotalSpent.Equal(dec("30.81")))
			one, err := store.SummaryOf(ctx, g, s.ada.ID, store.SummaryFilter{})
			require.NoError(t, err)
			assert.Equal(t, 1, one.Returns)

			// Merging as a principal that may merge but not read personal data.
			keep, drop := personal(), personal()
			require.NoError(t, inner.CreateCustomers(context.Background(), []*customer.Customer{keep, drop}))
			m, err := g.MergeCustomers(as("merger"), keep.ID, drop.ID)
			require.NoError(t, err)
			assertNoSecrets(t, m, append(secrets(*keep), secrets(*drop)...), "MergeCustomers")
			assert.Equal(t, access.Redacted, m.Attributes[customer.MergedFromPrefix+drop.ID.String()+".email"],
				"the merged profile's e-mail kept in the attributes is masked")
			stored, err := inner.GetCustomer(context.Background(), keep.ID)
			require.NoError(t, err)
			assert.Equal(t, keep.Email, stored.Email, "masking changes what is shown, not what is stored")
			assert.Equal(t, drop.Email, stored.Attributes[customer.MergedFromPrefix+drop.ID.String()+".email"])

			// A principal that may write personal data but not read it gets
			// back a masked copy of what it created.
			c2 := personal()
			want := *c2
			require.NoError(t, g.CreateCustomer(as("clerk"), c2))
			assertNoSecrets(t, c2, secrets(want), "CreateCustomer's result")
			stored, err = inner.GetCustomer(context.Background(), c2.ID)
			require.NoError(t, err)
			assert.Equal(t, want.Email, stored.Email)

			// Support reads personal data: every path returns what is stored.
			sup := as("support")
			c, err = g.GetCustomer(sup, s.ada.ID)
			require.NoError(t, err)
			raw, err := inner.GetCustomer(context.Background(), s.ada.ID)
			require.NoError(t, err)
			assert.Equal(t, raw, c)
			c, err = g.GetCustomerByEmail(sup, s.ada.Email)
			require.NoError(t, err)
			assert.Equal(t, raw, c)
			r, err = g.GetReturn(sup, s.ret.ID)
			require.NoError(t, err)
			assert.Equal(t, s.ret.Reason, r.Reason)
			evs = collectAll(t, g.Events(sup, store.EventFilter{Kinds: []behavior.Kind{behavior.KindReview}}))
			require.Len(t, evs, 1)
			assert.True(t, strings.HasPrefix(evs[0].Text, "Chipped."))
		})
	}
}

func second[T any](_ T, err error) error { return err }

// TestMaskedWritesKeepRealData updates profiles and returns read masked and
// checks the stored personal data is untouched, and that a masked principal
// cannot change personal data.
func TestMaskedWritesKeepRealData(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			inner := b.open(t)
			defer inner.Close()
			s := seed(t, inner)
			g := access.Wrap(inner, mergerPolicy(t))
			ctx := as("marketer")
			bg := context.Background()

			c, err := g.GetCustomer(ctx, s.ada.ID)
			require.NoError(t, err)
			require.Equal(t, access.Redacted, c.Email)
			c.AddTag("winback")
			c.Interests = append(c.Interests, "tea")
			c.Attributes["segment"] = "at-risk"
			require.NoError(t, g.UpdateCustomer(ctx, &c))
			assert.Equal(t, access.Redacted, c.Email, "the caller's copy stays masked")
			assert.Equal(t, s.ada.Version+1, c.Version)

			stored, err := inner.GetCustomer(bg, s.ada.ID)
			require.NoError(t, err)
			assert.Equal(t, s.ada.Email, stored.Email)
			assert.Equal(t, s.ada.Phone, stored.Phone)
			assert.Equal(t, s.ada.FirstName, stored.FirstName)
			assert.Equal(t, s.ada.LastName, stored.LastName)
			assert.Equal(t, s.ada.Addresses, stored.Addresses)
			assert.Equal(t, "1815-12-10", stored.Attributes["birthday"])
			assert.Equal(t, "at-risk", stored.Attributes["segment"])
			assert.Equal(t, []string{"vip", "winback"}, stored.Tags)
			assert.Equal(t, []string{"tea"}, stored.Interests)

			// An e-mail used as external ID is restored as well.
			bob, err := g.GetCustomer(ctx, s.bob.ID)
			require.NoError(t, err)
			bob.AddTag("lapsed")
			require.NoError(t, g.UpdateCustomer(ctx, &bob))
			stored, err = inner.GetCustomer(bg, s.bob.ID)
			require.NoError(t, err)
			assert.Equal(t, s.bob.ExternalID, stored.ExternalID)
			assert.Equal(t, s.bob.Email, stored.Email)

			// Changing personal data without PII write is refused, and so is
			// clearing it or adding an address.
			before := snapshot(t, inner)
			for name, spoil := range map[string]func(*customer.Customer){
				"new e-mail":   func(c *customer.Customer) { c.Email = "other@example.com" },
				"cleared name": func(c *customer.Customer) { c.FirstName = "" },
				"new city":     func(c *customer.Customer) { c.Addresses[0].City = "Leeds" },
				"new address": func(c *customer.Customer) {
					c.Addresses = append(c.Addresses, customer.Address{Line1: "1 Main St", City: "York", Country: "GB"})
				},
				"birthday":     func(c *customer.Customer) { c.Attributes["birthday"] = "1900-01-01" },
				"no addresses": func(c *customer.Customer) { c.Addresses = nil },
			} {
				c, err := g.GetCustomer(ctx, s.ada.ID)
				require.NoError(t, err)
				spoil(&c)
				err = g.UpdateCustomer(ctx, &c)
				var fe *access.ForbiddenError
				if assert.ErrorAs(t, err, &fe, name) {
					assert.Equal(t, access.ResourcePII, fe.Resource, name)
					assert.Equal(t, access.ActionWrite, fe.Action, name)
				}
			}
			assert.Equal(t, before, snapshot(t, inner), "refused updates changed nothing")

			// The country is not personal: changing it alone is allowed and
			// keeps the real address lines.
			c, err = g.GetCustomer(ctx, s.ada.ID)
			require.NoError(t, err)
			c.Addresses[0].Country = "IE"
			require.NoError(t, g.UpdateCustomer(ctx, &c))
			stored, err = inner.GetCustomer(bg, s.ada.ID)
			require.NoError(t, err)
			assert.Equal(t, "IE", stored.Addresses[0].Country)
			assert.Equal(t, s.ada.Addresses[0].Line1, stored.Addresses[0].Line1)

			// A stale masked copy is a conflict, never a restore from the
			// wrong version.
			stale, err := g.GetCustomer(ctx, s.ada.ID)
			require.NoError(t, err)
			fresh := stale
			fresh.AddTag("first")
			require.NoError(t, g.UpdateCustomer(ctx, &fresh))
			stale.AddTag("second")
			assert.ErrorIs(t, g.UpdateCustomer(ctx, &stale), store.ErrConflict)

			// Returns: a masked reason sent back keeps the stored one.
			r, err := g.GetReturn(as("clerk"), s.ret.ID)
			require.NoError(t, err)
			require.Equal(t, access.Redacted, r.Reason)
			r.Status = order.ReturnApproved
			require.NoError(t, g.UpdateReturn(as("clerk"), &r))
			assert.Equal(t, access.Redacted, r.Reason)
			raw, err := inner.GetReturn(bg, s.ret.ID)
			require.NoError(t, err)
			assert.Equal(t, s.ret.Reason, raw.Reason)
			assert.Equal(t, order.ReturnApproved, raw.Status)
		})
	}
}

func TestPersonalExternalID(t *testing.T) {
	for id, want := range map[string]bool{
		"C-00017": false, "17850": false, "ACC-123456789": false,
		"ada@example.com": true, "+442079460958": true, "07700 900123": true, "07700900123": true,
		"1234567": false, // a plain account number, not written as a phone number
	} {
		assert.Equal(t, want, access.PersonalExternalID(id), id)
	}
}

// TestValidationErrorsHideRestoredValues: a masked principal whose update
// fails validation on a personal field restored from the store must not
// read the stored value in the error.
func TestValidationErrorsHideRestoredValues(t *testing.T) {
	inner := memory.New()
	defer inner.Close()
	// Any error about a personal field comes back without its value, since
	// after the restore the value may be stored data.
	s := seed(t, inner)
	g := access.Wrap(inner, nil)
	ctx := as(access.RoleMarketer)
	c, err := g.GetCustomer(ctx, s.ada.ID)
	require.NoError(t, err)
	c.Addresses[0].Country = "Britain" // invalid, and the line is restored from the store
	err = g.UpdateCustomer(ctx, &c)
	var ve *customer.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "addresses[0].country", ve.Field)
	assert.Equal(t, access.Redacted, ve.Value)
	assert.NotContains(t, err.Error(), s.ada.Addresses[0].Line1)
}
