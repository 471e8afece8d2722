package customer

import (
	"slices"
	"time"

	"github.com/google/uuid"
)

// Customer is one shop customer's profile.
//
// Version supports optimistic concurrency: a store increments it on every
// update and refuses an update that carries a stale version.
type Customer struct {
	ID         uuid.UUID `json:"id"`
	ExternalID string    `json:"external_id,omitempty"` // the shop's own customer ID
	Email      string    `json:"email,omitempty"`       // normalised by Normalize
	FirstName  string    `json:"first_name,omitempty"`
	LastName   string    `json:"last_name,omitempty"`
	Phone      string    `json:"phone,omitempty"` // normalised by Normalize: digits with an optional leading +
	Addresses  []Address `json:"addresses,omitempty"`
	Tags       []string  `json:"tags,omitempty"`
	Interests  []string  `json:"interests,omitempty"`
	// Attributes holds the shop's own free-form fields.
	Attributes map[string]string `json:"attributes,omitempty"`
	// Consents is the consent history, oldest first; the latest record per
	// channel is in force (see ConsentFor).
	Consents  []Consent `json:"consents,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int64     `json:"version"`
}

// Address is a postal address of a customer.
type Address struct {
	Kind       string `json:"kind,omitempty"` // "shipping", "billing" or the shop's own label
	Line1      string `json:"line1"`
	Line2      string `json:"line2,omitempty"`
	City       string `json:"city"`
	Region     string `json:"region,omitempty"`
	PostalCode string `json:"postal_code,omitempty"`
	Country    string `json:"country"` // ISO 3166-1 alpha-2, upper case
}

// Name returns the customer's full name, or "" when neither part is known.
func (c *Customer) Name() string {
	switch {
	case c.FirstName == "":
		return c.LastName
	case c.LastName == "":
		return c.FirstName
	}
	return c.FirstName + " " + c.LastName
}

// HasTag reports whether the customer carries tag (compared case-insensitively).
func (c *Customer) HasTag(tag string) bool {
	t := normalizeLabel(tag)
	return slices.Contains(c.Tags, t)
}

// AddTag adds tag (normalised to lower case) unless already present; it reports whether it was added.
func (c *Customer) AddTag(tag string) bool {
	t := normalizeLabel(tag)
	if t == "" || slices.Contains(c.Tags, t) {
		return false
	}
	c.Tags = append(c.Tags, t)
	return true
}

// RemoveTag removes tag; it reports whether it was present.
func (c *Customer) RemoveTag(tag string) bool {
	t := normalizeLabel(tag)
	i := slices.Index(c.Tags, t)
	if i < 0 {
		return false
	}
	c.Tags = slices.Delete(c.Tags, i, i+1)
	return true
}

// Clone returns a deep copy: mutating the copy never changes c.
func (c Customer) Clone() Customer {
	c.Addresses = slices.Clone(c.Addresses)
	c.Tags = slices.Clone(c.Tags)
	c.Interests = slices.Clone(c.Interests)
	c.Consents = slices.Clone(c.Consents)
	if c.Attributes != nil {
		m := make(map[string]string, len(c.Attributes))
		for k, v := range c.Attributes {
			m[k] = v
		}
		c.Attributes = m
	}
	return c
}
