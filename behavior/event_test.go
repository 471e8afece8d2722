package behavior_test

import (
	"testing"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC)

func TestValidatePerKind(t *testing.T) {
	cid := uuid.New()
	score := func(n int) *int { return &n }
	valid := []behavior.Event{
		{Kind: behavior.KindView, CustomerID: cid, ProductID: "p", At: t0},
		{Kind: behavior.KindView, VisitorID: "v-1", ProductID: "p", At: t0},
		{Kind: behavior.KindSearch, CustomerID: cid, Query: "red mug", At: t0},
		{Kind: behavior.KindAddToCart, CustomerID: cid, ProductID: "p", Quantity: 2, At: t0},
		{Kind: behavior.KindPurchase, CustomerID: cid, ProductID: "p", OrderID: uuid.New(), At: t0},
		{Kind: behavior.KindReview, CustomerID: cid, ProductID: "p", Rating: 5, At: t0},
		{Kind: behavior.KindSurvey, CustomerID: cid, Score: score(0), At: t0},
		{Kind: behavior.KindSupport, CustomerID: cid, Text: "where is my parcel", At: t0},
	}
	for _, e := range valid {
		assert.NoError(t, e.Validate(), e.Kind)
	}
	invalid := []struct {
		e     behavior.Event
		field string
	}{
		{behavior.Event{Kind: "teleport", CustomerID: cid, At: t0}, "kind"},
		{behavior.Event{Kind: behavior.KindView, ProductID: "p", At: t0}, "customer_id"},
		{behavior.Event{Kind: behavior.KindView, CustomerID: cid, ProductID: "p"}, "at"},
		{behavior.Event{Kind: behavior.KindView, CustomerID: cid, At: t0}, "product_id"},
		{behavior.Event{Kind: behavior.KindView, CustomerID: cid, ProductID: "p", Rating: 3, At: t0}, "rating"},
		{behavior.Event{Kind: behavior.KindSearch, CustomerID: cid, At: t0}, "query"},
		{behavior.Event{Kind: behavior.KindAddToCart, CustomerID: cid, ProductID: "p", At: t0}, "quantity"},
		{behavior.Event{Kind: behavior.KindPurchase, CustomerID: cid, ProductID: "p", At: t0}, "order_id"},
		{behavior.Event{Kind: behavior.KindReview, CustomerID: cid, ProductID: "p", Rating: 6, At: t0}, "rating"},
		{behavior.Event{Kind: behavior.KindReview, CustomerID: cid, ProductID: "p", At: t0}, "rating"},
		{behavior.Event{Kind: behavior.KindSurvey, CustomerID: cid, At: t0}, "score"},
		{behavior.Event{Kind: behavior.KindSurvey, CustomerID: cid, Score: score(11), At: t0}, "score"},
		{behavior.Event{Kind: behavior.KindSupport, CustomerID: cid, At: t0}, "text"},
	}
	for _, tc := range invalid {
		var ve *behavior.ValidationError
		require.ErrorAs(t, tc.e.Validate(), &ve, "%+v", tc.e)
		assert.Equal(t, tc.field, ve.Field, "%+v", tc.e)
	}
}

func TestCloneIsDeep(t *testing.T) {
	s := 7
	e := behavior.Event{Score: &s, Attributes: map[string]string{"a": "b"}}
	c := e.Clone()
	*c.Score = 1
	c.Attributes["a"] = "z"
	assert.Equal(t, 7, *e.Score)
	assert.Equal(t, "b", e.Attributes["a"])
}
