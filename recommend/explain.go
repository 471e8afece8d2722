package recommend

import "fmt"

// ReasonKind classifies why an item was recommended.
type ReasonKind string

// Reason kinds.
const (
	ReasonBoughtWith     ReasonKind = "bought_with"      // frequently bought together with an item of the history
	ReasonSimilar        ReasonKind = "similar"          // close to an item of the history in the model
	ReasonForYou         ReasonKind = "for_you"          // the model's personal score, no single history item stands out
	ReasonPopularSegment ReasonKind = "popular_segment"  // popular among customers of the user's segment
	ReasonTrending       ReasonKind = "trending"         // popular recently
	ReasonCategory       ReasonKind = "popular_category" // popular in the category of the item asked about
	ReasonPinned         ReasonKind = "pinned"           // placed by a business rule
)

// Reason explains one recommendation. Item, when set, is the history item it rests on.
type Reason struct {
	Kind ReasonKind `json:"kind"`
	Item string     `json:"item,omitempty"`
	Text string     `json:"text"`
}

// Recommendation is one item of a Recommender's answer.
type Recommendation struct {
	Item   string  `json:"item"`
	Score  float64 `json:"score"`
	Reason Reason  `json:"reason"`
}

// explainer is implemented by models that can name the history item behind a score.
type explainer interface {
	Because(u int, h Row, j int) int
}

func (r *Recommender) name(i int) string {
	if n := r.names[i]; n != "" {
		return n
	}
	return r.data.Items.ID(i)
}

// explain builds the reason for item j recommended from history h.
func (r *Recommender) explain(u int, h Row, j int) Reason {
	if r.fbt != nil && h.Len() > 0 {
		id := r.data.Items.ID(j)
		// only positive associations explain: lift above 1 means bought together more
		// often than their popularity alone would give
		best, bestLift := -1, 1.0
		for _, i := range h.Ind {
			if p, ok := r.fbt.Rule(r.data.Items.ID(int(i)), id); ok && p.Lift > bestLift {
				best, bestLift = int(i), p.Lift
			}
		}
		if best >= 0 {
			return Reason{Kind: ReasonBoughtWith, Item: r.data.Items.ID(best), Text: fmt.Sprintf("bought with %s", r.name(best))}
		}
	}
	if ex, ok := r.model.(explainer); ok {
		if i := ex.Because(u, h, j); i >= 0 {
			return Reason{Kind: ReasonSimilar, Item: r.data.Items.ID(i), Text: fmt.Sprintf("because you liked %s", r.name(i))}
		}
	}
	return Reason{Kind: ReasonForYou, Text: "picked for you from your history"}
}
