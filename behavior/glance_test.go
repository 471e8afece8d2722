package behavior_test

import (
	"testing"

	"github.com/crmkit/crmkit/behavior"
	"github.com/stretchr/testify/assert"
)

func TestGlance(t *testing.T) {
	nine := 9
	for _, c := range []struct {
		e    behavior.Event
		want string
	}{
		{behavior.Event{Kind: behavior.KindSearch, Query: "red shoes"}, `"red shoes"`},
		{behavior.Event{Kind: behavior.KindReview, ProductID: "P1", Rating: 4, Text: "fits well"}, `P1: 4★ "fits well"`},
		{behavior.Event{Kind: behavior.KindSurvey, Score: &nine}, "score 9"},
		{behavior.Event{Kind: behavior.KindSurvey, ProductID: "P2"}, "P2"},
		{behavior.Event{Kind: behavior.KindSupport, Text: "where is my parcel?"}, "where is my parcel?"},
		{behavior.Event{Kind: behavior.KindView, ProductID: "P3"}, "P3"},
	} {
		assert.Equal(t, c.want, c.e.Glance(), "%s", c.e.Kind)
	}
}
