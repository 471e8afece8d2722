package access

import (
	"strings"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
)

// Redacted replaces personal data shown to a principal without PII read.
// It is not a valid e-mail or phone number, so a masked profile can never
// pass for a real one, and writes that carry it back keep the stored value.
const Redacted = "***"

// PersonalAttributes are attribute keys (of customers and events) whose
// values are personal data and are masked like the profile's own fields.
// Attribute keys written by customer.Merge for a merged profile's e-mail,
// phone, names and external ID are masked too.
var PersonalAttributes = []string{
	"birthday", "birth_date", "date_of_birth", "ip", "ip_address",
	"user_agent", "national_id", "tax_id", "company", "full_name", "name", "email", "phone",
}

// mergedPersonal are the fields customer.Merge copies into attributes under
// "merged_from.<ID>.<field>".
var mergedPersonal = []string{"email", "phone", "first_name", "last_name", "external_id"}

// IsPersonalAttribute reports whether an attribute key holds personal data.
func IsPersonalAttribute(key string) bool {
	k := strings.ToLower(key)
	for _, p := range PersonalAttributes {
		if k == p {
			return true
		}
	}
	if strings.HasPrefix(k, customer.MergedFromPrefix) {
		rest := k[len(customer.MergedFromPrefix):]
		if i := strings.IndexByte(rest, '.'); i >= 0 {
			field := rest[i+1:]
			if strings.HasPrefix(field, "attributes.") {
				return IsPersonalAttribute(field[len("attributes."):])
			}
			for _, f := range mergedPersonal {
				if field == f {
					return true
				}
			}
		}
	}
	return false
}

// PersonalExternalID reports whether an external ID is personal data: an
// e-mail address or a phone number used as the shop's customer key. Other
// external IDs (account numbers) are the shop's own and are shown.
func PersonalExternalID(id string) bool {
	if strings.Contains(id, "@") {
		return true
	}
	digits := strings.TrimPrefix(customer.NormalizePhone(id), "+")
	if len(digits) < 6 || len(digits) > 15 {
		return false
	}
	for _, r := range digits {
		if r < '0' || r > '9' {
			return false
		}
	}
	// A phone number is written with a leading + or 0, or with separators.
	return strings.HasPrefix(id, "+") || strings.HasPrefix(id, "0") || customer.NormalizePhone(id) != id
}

func redact(s string) string {
	if s == "" {
		return ""
	}
	return Redacted
}

// MaskCustomer returns a copy of c with its personal data replaced by
// Redacted: e-mail, phone, first and last name, every address line, city,
// region and postal code (the country stays), an external ID that is an
// e-mail or phone number, and personal attributes. IDs, tags, interests,
// consents and times stay, so segmentation still works on a masked profile.
func MaskCustomer(c customer.Customer) customer.Customer {
	m := c.Clone()
	m.Email = redact(m.Email)
	m.Phone = redact(m.Phone)
	m.FirstName = redact(m.FirstName)
	m.LastName = redact(m.LastName)
	if PersonalExternalID(m.ExternalID) {
		m.ExternalID = Redacted
	}
	for i := range m.Addresses {
		m.Addresses[i] = maskAddress(m.Addresses[i])
	}
	maskAttributes(m.Attributes)
	return m
}

func maskAddress(a customer.Address) customer.Address {
	a.Line1 = redact(a.Line1)
	a.Line2 = redact(a.Line2)
	a.City = redact(a.City)
	a.Region = redact(a.Region)
	a.PostalCode = redact(a.PostalCode)
	return a
}

func maskAttributes(attrs map[string]string) {
	for k, v := range attrs {
		if IsPersonalAttribute(k) {
			attrs[k] = redact(v)
		}
	}
}

// MaskEvent returns a copy of e with its free text (review, survey and
// support text) and personal attributes replaced by Redacted. Search
// queries stay: they are what analytics and recommendations read.
func MaskEvent(e behavior.Event) behavior.Event {
	m := e.Clone()
	m.Text = redact(m.Text)
	maskAttributes(m.Attributes)
	return m
}

// MaskReturn returns a copy of r with its reason, free text the customer
// wrote, replaced by Redacted.
func MaskReturn(r order.Return) order.Return {
	m := r.Clone()
	m.Reason = redact(m.Reason)
	return m
}
