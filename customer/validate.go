package customer

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"
)

// ValidationError reports a profile field that breaks a rule. Field is the
// JSON name of the field (with an index for lists, e.g. "addresses[1].country").
type ValidationError struct {
	Field  string
	Value  string
	Reason string
}

// Error names the field, its value and the rule it breaks.
func (e *ValidationError) Error() string {
	return fmt.Sprintf("customer: invalid %s %q: %s", e.Field, e.Value, e.Reason)
}

// Limits on free text, so one profile cannot grow without bound.
const (
	MaxNameLen      = 200
	MaxLabelLen     = 100
	MaxLabels       = 100
	MaxAttributes   = 100
	MaxAttributeLen = 2000
)

func invalid(field, value, reason string) *ValidationError {
	return &ValidationError{Field: field, Value: value, Reason: reason}
}

// Validate checks a normalised profile and returns the first fault as a
// *ValidationError. A profile needs at least one way to reach or recognise the
// customer: an e-mail, a phone or an external ID.
func (c *Customer) Validate() error {
	if c.Email == "" && c.Phone == "" && c.ExternalID == "" {
		return invalid("email", "", "a customer needs an email, a phone or an external_id")
	}
	if c.Email != "" {
		if err := validateEmail(c.Email); err != nil {
			return err
		}
	}
	if c.Phone != "" {
		if err := validatePhone(c.Phone); err != nil {
			return err
		}
	}
	for _, f := range []struct{ name, v string }{{"first_name", c.FirstName}, {"last_name", c.LastName}, {"external_id", c.ExternalID}} {
		if utf8.RuneCountInString(f.v) > MaxNameLen {
			return invalid(f.name, f.v, fmt.Sprintf("longer than %d characters", MaxNameLen))
		}
		if !utf8.ValidString(f.v) {
			return invalid(f.name, f.v, "not valid UTF-8")
		}
	}
	for i, a := range c.Addresses {
		if err := a.validate(fmt.Sprintf("addresses[%d]", i)); err != nil {
			return err
		}
	}
	if err := validateLabels("tags", c.Tags); err != nil {
		return err
	}
	if err := validateLabels("interests", c.Interests); err != nil {
		return err
	}
	if len(c.Attributes) > MaxAttributes {
		return invalid("attributes", fmt.Sprint(len(c.Attributes)), fmt.Sprintf("more than %d attributes", MaxAttributes))
	}
	for k, v := range c.Attributes {
		if k == "" || len(k) > MaxLabelLen {
			return invalid("attributes", k, "attribute names must be 1 to 100 bytes")
		}
		if len(v) > MaxAttributeLen {
			return invalid("attributes."+k, v, fmt.Sprintf("longer than %d bytes", MaxAttributeLen))
		}
	}
	for i, r := range c.Consents {
		field := fmt.Sprintf("consents[%d]", i)
		if !r.Channel.Valid() {
			return invalid(field+".channel", string(r.Channel), `must be "email" or "sms"`)
		}
		if r.At.IsZero() {
			return invalid(field+".at", "", "consent needs the time it was given or withdrawn")
		}
		if strings.TrimSpace(r.Source) == "" {
			return invalid(field+".source", r.Source, "consent needs its source (how it was given or withdrawn)")
		}
	}
	if c.Version < 0 {
		return invalid("version", fmt.Sprint(c.Version), "must not be negative")
	}
	return nil
}

func validateEmail(e string) error {
	at := strings.LastIndexByte(e, '@')
	switch {
	case len(e) > 254:
		return invalid("email", e, "longer than 254 characters")
	case at <= 0 || at == len(e)-1:
		return invalid("email", e, "must look like name@domain")
	case !strings.Contains(e[at+1:], ".") || strings.HasPrefix(e[at+1:], ".") || strings.HasSuffix(e, "."):
		return invalid("email", e, "domain must contain a dot between labels")
	case strings.ContainsAny(e, " \t\r\n<>,;"):
		return invalid("email", e, "must not contain spaces, angle brackets, commas or semicolons")
	}
	if a, err := mail.ParseAddress(e); err != nil || a.Address != e {
		return invalid("email", e, "not a valid address")
	}
	return nil
}

func validatePhone(p string) error {
	digits := strings.TrimPrefix(p, "+")
	for _, r := range digits {
		if r < '0' || r > '9' {
			return invalid("phone", p, "only digits, spaces, dashes, dots, parentheses and a leading + are allowed")
		}
	}
	// E.164 allows at most 15 digits; fewer than 6 is no phone number anywhere.
	if n := len(digits); n < 6 || n > 15 {
		return invalid("phone", p, "must have 6 to 15 digits")
	}
	return nil
}

func (a Address) validate(field string) error {
	if strings.TrimSpace(a.Line1) == "" {
		return invalid(field+".line1", a.Line1, "required")
	}
	if strings.TrimSpace(a.City) == "" {
		return invalid(field+".city", a.City, "required")
	}
	if len(a.Country) != 2 || a.Country[0] < 'A' || a.Country[0] > 'Z' || a.Country[1] < 'A' || a.Country[1] > 'Z' {
		return invalid(field+".country", a.Country, "must be an ISO 3166-1 alpha-2 code such as GB or DE")
	}
	return nil
}

func validateLabels(field string, labels []string) error {
	if len(labels) > MaxLabels {
		return invalid(field, fmt.Sprint(len(labels)), fmt.Sprintf("more than %d entries", MaxLabels))
	}
	for i, l := range labels {
		if l == "" || len(l) > MaxLabelLen {
			return invalid(fmt.Sprintf("%s[%d]", field, i), l, "must be 1 to 100 bytes")
		}
	}
	return nil
}
