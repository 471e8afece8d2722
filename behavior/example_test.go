package behavior_test

import (
	"fmt"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/google/uuid"
)

func ExampleEvent_Validate() {
	at := time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC)
	review := behavior.Event{Kind: behavior.KindReview, CustomerID: uuid.New(), ProductID: "mug", Rating: 4, Text: "Sturdy", At: at}
	fmt.Println(review.Validate())

	review.Rating = 0
	fmt.Println(review.Validate())

	anonymousView := behavior.Event{Kind: behavior.KindView, VisitorID: "v-42", SessionID: "s-1", ProductID: "mug", At: at}
	fmt.Println(anonymousView.Anonymous(), anonymousView.Validate())
	// Output:
	// <nil>
	// behavior: invalid rating "0": must be 1 to 5
	// true <nil>
}
