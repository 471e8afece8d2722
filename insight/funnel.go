package insight

import (
	"github.com/crmkit/crmkit/behavior"
	"github.com/google/uuid"
)

// funnelStages are the funnel's steps and the event kind that marks each.
var funnelStages = []struct {
	name string
	kind behavior.Kind
}{
	{"view", behavior.KindView},
	{"cart", behavior.KindAddToCart},
	{"purchase", behavior.KindPurchase},
}

// funnelCounter collects, per session and per customer, which stages their
// events touched, as bit masks.
type funnelCounter struct {
	sessions  map[string]uint8
	customers map[uuid.UUID]uint8
}

func newFunnelCounter() *funnelCounter {
	return &funnelCounter{sessions: map[string]uint8{}, customers: map[uuid.UUID]uint8{}}
}

// add records one event; events of other kinds are ignored.
func (f *funnelCounter) add(e *behavior.Event) {
	for i, s := range funnelStages {
		if e.Kind != s.kind {
			continue
		}
		if e.SessionID != "" {
			f.sessions[e.SessionID] |= 1 << i
		}
		if e.CustomerID != uuid.Nil {
			f.customers[e.CustomerID] |= 1 << i
		}
	}
}

func (f *funnelCounter) funnel() Funnel {
	return Funnel{Sessions: stages(f.sessions), Customers: stages(f.customers)}
}

// stages counts the keys that reached each stage: those with the stage's
// bit and every earlier one.
func stages[K comparable](masks map[K]uint8) []FunnelStage {
	out := make([]FunnelStage, len(funnelStages))
	for i, s := range funnelStages {
		need := uint8(1)<<(i+1) - 1
		n := 0
		for _, m := range masks {
			if m&need == need {
				n++
			}
		}
		out[i] = FunnelStage{Stage: s.name, Count: n}
	}
	for i := range out {
		out[i].Conversion = ratio(float64(out[i].Count), float64(out[0].Count))
		if i > 0 && out[i-1].Count > 0 {
			out[i].DropOff = 1 - float64(out[i].Count)/float64(out[i-1].Count)
		}
	}
	return out
}
