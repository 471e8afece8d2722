package access

import (
	"maps"
	"strings"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
)

// A principal without PII read only ever sees masked profiles. When it
// sends one back in an update (to add a tag, say), the Redacted values must
// not overwrite the real ones: restoreCustomer puts the stored values back
// wherever the update still carries the mask.
func restoreCustomer(c *customer.Customer, stored customer.Customer) {
	back := func(dst *string, real string) {
		if *dst == Redacted && real != "" {
			*dst = real
		}
	}
	back(&c.Email, stored.Email)
	back(&c.Phone, stored.Phone)
	back(&c.FirstName, stored.FirstName)
	back(&c.LastName, stored.LastName)
	if PersonalExternalID(stored.ExternalID) {
		back(&c.ExternalID, stored.ExternalID)
	}
	for i := range c.Addresses {
		if i >= len(stored.Addresses) {
			break
		}
		a, s := &c.Addresses[i], stored.Addresses[i]
		back(&a.Line1, s.Line1)
		back(&a.Line2, s.Line2)
		back(&a.City, s.City)
		back(&a.Region, s.Region)
		back(&a.PostalCode, s.PostalCode)
	}
	for k, v := range c.Attributes {
		if real, ok := stored.Attributes[k]; ok && v == Redacted && IsPersonalAttribute(k) {
			c.Attributes[k] = real
		}
	}
}

// changesPII reports whether writing c over old would set or change any
// personal data; old is the zero Customer for a new profile. Values are
// compared in their normalised form, as the store will keep them.
func changesPII(c, old customer.Customer) bool {
	c, old = c.Clone(), old.Clone()
	c.Normalize()
	old.Normalize()
	if customer.EmailKey(c.Email) != customer.EmailKey(old.Email) || c.Phone != old.Phone ||
		c.FirstName != old.FirstName || c.LastName != old.LastName {
		return true
	}
	if c.ExternalID != old.ExternalID && (PersonalExternalID(c.ExternalID) || PersonalExternalID(old.ExternalID)) {
		return true
	}
	if len(c.Addresses) != len(old.Addresses) {
		return true
	}
	for i := range c.Addresses {
		// The kind and the country are not personal; the rest is.
		a, o := c.Addresses[i], old.Addresses[i]
		a.Kind, a.Country, o.Kind, o.Country = "", "", "", ""
		if a != o {
			return true
		}
	}
	return !maps.Equal(personalAttributes(c.Attributes), personalAttributes(old.Attributes))
}

func personalAttributes(attrs map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range attrs {
		if IsPersonalAttribute(k) {
			out[strings.ToLower(k)] = v
		}
	}
	return out
}

// restoreReturn puts a masked return's stored reason back.
func restoreReturn(r *order.Return, stored order.Return) {
	if r.Reason == Redacted && stored.Reason != "" {
		r.Reason = stored.Reason
	}
}
