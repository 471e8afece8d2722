package privacy

// Forgetter is anything that holds data derived from a customer's history
// outside the store and can drop it, such as a trained recommender: user is
// the customer ID's string form. *recommend.Recommender implements it.
// Forget must be safe to call for a user it never knew, and more than once.
type Forgetter interface {
	Forget(user string)
}
