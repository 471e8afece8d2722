// Package behavior holds what customers and anonymous visitors do in the
// shop: product views, searches, clicks, cart changes, wishlists, purchases,
// reviews, survey answers and support contacts, each with its session and
// time, and the validation rules per kind.
//
// The package imports nothing else from crmkit.
//
//	e := behavior.Event{Kind: behavior.KindReview, CustomerID: id, ProductID: "p1",
//		Rating: 4, Text: "Sturdy and pretty", At: now}
//	if err := e.Validate(); err != nil { ... }   // *behavior.ValidationError
package behavior
