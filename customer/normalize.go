package customer

import (
	"slices"
	"strings"
	"unicode"
)

// NormalizeEmail trims spaces and lower-cases the domain. The local part keeps
// its case because RFC 5321 lets a mail server treat it as case-sensitive;
// EmailKey is the case-insensitive form used to detect duplicates.
func NormalizeEmail(email string) string {
	e := strings.TrimSpace(email)
	at := strings.LastIndexByte(e, '@')
	if at < 0 {
		return e
	}
	return e[:at+1] + strings.ToLower(e[at+1:])
}

// EmailKey returns the form of an e-mail address under which two profiles
// count as the same person: normalised and entirely lower case. Stores use it
// for uniqueness.
func EmailKey(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// NormalizePhone keeps the digits of a phone number and a leading "+",
// dropping spaces, dashes, dots and parentheses: "+44 (20) 7946-0958"
// becomes "+442079460958". Letters are kept so that Validate can reject them.
func NormalizePhone(phone string) string {
	p := strings.TrimSpace(phone)
	var b strings.Builder
	for i, r := range p {
		switch {
		case r == '+' && i == 0:
			b.WriteRune(r)
		case unicode.IsDigit(r):
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')' || r == '/':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Normalize rewrites the profile into its canonical form: e-mail and phone
// normalised, country codes upper case, tags and interests trimmed, lower
// case and without duplicates. Validate expects a normalised profile; stores
// normalise before validating.
func (c *Customer) Normalize() {
	c.Email = NormalizeEmail(c.Email)
	c.Phone = NormalizePhone(c.Phone)
	c.ExternalID = strings.TrimSpace(c.ExternalID)
	c.FirstName = strings.TrimSpace(c.FirstName)
	c.LastName = strings.TrimSpace(c.LastName)
	for i := range c.Addresses {
		c.Addresses[i].Country = strings.ToUpper(strings.TrimSpace(c.Addresses[i].Country))
	}
	c.Tags = normalizeLabels(c.Tags)
	c.Interests = normalizeLabels(c.Interests)
}

func normalizeLabel(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// normalizeLabels lower-cases, trims and de-duplicates, keeping first-seen order.
func normalizeLabels(in []string) []string {
	if len(in) == 0 {
		return in
	}
	out := make([]string, 0, len(in))
	for _, s := range in {
		s = normalizeLabel(s)
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
