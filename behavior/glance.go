package behavior

import "fmt"

// Glance is the part of an event worth a glance in a timeline: the query of
// a search, the product, rating and text of a review, a survey's score, a
// support contact's text, and otherwise the product. It is meant for people
// (a 360° view, a log line), not for parsing.
func (e Event) Glance() string {
	switch e.Kind {
	case KindSearch:
		return fmt.Sprintf("%q", e.Query)
	case KindReview:
		return fmt.Sprintf("%s: %d★ %q", e.ProductID, e.Rating, e.Text)
	case KindSurvey:
		if e.Score != nil {
			return fmt.Sprintf("score %d", *e.Score)
		}
	case KindSupport:
		return e.Text
	}
	return e.ProductID
}
