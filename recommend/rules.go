package recommend

// RuleAction is what a business rule does to matching items.
type RuleAction int

// Rule actions.
const (
	// ActionBoost adds Factor × the best score of the request to matching items.
	ActionBoost RuleAction = iota + 1
	// ActionBury moves matching items below every other candidate.
	ActionBury
	// ActionPin places Item at Position (1-based) whenever it passes the filters.
	ActionPin
)

// Rule is a merchandising rule applied after scoring. A rule matches an item by ID
// or, when Item is empty, every item of Category.
type Rule struct {
	Action   RuleAction
	Item     string
	Category string
	Factor   float64 // ActionBoost: fraction of the request's best score to add (may be negative)
	Position int     // ActionPin: 1-based position
}

// Boost returns a rule raising an item (or, with item "", a category) by factor × the
// best score.
func Boost(item, category string, factor float64) Rule {
	return Rule{Action: ActionBoost, Item: item, Category: category, Factor: factor}
}

// Bury returns a rule pushing an item (or, with item "", a category) to the bottom.
func Bury(item, category string) Rule {
	return Rule{Action: ActionBury, Item: item, Category: category}
}

// Pin returns a rule placing item at 1-based position.
func Pin(item string, position int) Rule {
	return Rule{Action: ActionPin, Item: item, Position: position}
}

func (r Rule) validate() error {
	switch r.Action {
	case ActionBoost, ActionBury:
		if r.Item == "" && r.Category == "" {
			return &ValidationError{Field: "Rule.Item", Value: `""`, Reason: "rule needs an item or a category"}
		}
	case ActionPin:
		if r.Item == "" {
			return &ValidationError{Field: "Rule.Item", Value: `""`, Reason: "pin needs an item"}
		}
		if r.Position < 1 {
			return &ValidationError{Field: "Rule.Position", Value: r.Position, Reason: "must be ≥ 1"}
		}
	default:
		return &ValidationError{Field: "Rule.Action", Value: r.Action, Reason: "unknown action"}
	}
	return nil
}

// compiledRules are rules resolved to item indices.
type compiledRules struct {
	boost map[int]float64
	bury  map[int]bool
	pins  []pin
}

type pin struct{ item, pos int }

func compileRules(rules []Rule, items *IDMap, cat *catalogIndex) (*compiledRules, error) {
	c := &compiledRules{boost: map[int]float64{}, bury: map[int]bool{}}
	for _, r := range rules {
		if err := r.validate(); err != nil {
			return nil, err
		}
		var targets []int
		if r.Item != "" {
			if i, ok := items.Index(r.Item); ok {
				targets = append(targets, i)
			}
		} else if cat != nil {
			for _, i := range cat.byCat[r.Category] {
				targets = append(targets, int(i))
			}
		}
		for _, i := range targets {
			switch r.Action {
			case ActionBoost:
				c.boost[i] += r.Factor
			case ActionBury:
				c.bury[i] = true
			case ActionPin:
				c.pins = append(c.pins, pin{item: i, pos: r.Position})
			}
		}
	}
	return c, nil
}
