// Package customer holds the customer profile as an e-commerce CRM keeps it:
// contact details, addresses, tags and interests, free-form attributes and
// marketing consent per channel with its history, plus validation, e-mail and
// phone normalisation, duplicate detection and the merge of two profiles.
//
// The package imports nothing else from crmkit; storage lives in package store.
//
//	c := customer.Customer{Email: " Ada@Example.COM ", FirstName: "Ada"}
//	c.Normalize()                     // Email is now "Ada@example.com"
//	if err := c.Validate(); err != nil {
//		var ve *customer.ValidationError
//		errors.As(err, &ve)           // ve.Field names the field at fault
//	}
//	c.GrantConsent(customer.ChannelEmail, time.Now(), "checkout")
package customer
