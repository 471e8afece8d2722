package workflow

import (
	"fmt"
	"regexp"

	"github.com/crmkit/crmkit/segment"
)

// Rule ties a trigger to an action, with an optional condition.
type Rule struct {
	// Name identifies the rule in idempotency keys, the run log and the
	// engine's state, so it must stay the same across restarts: renaming a
	// rule makes it a new one. Letters, digits, '-', '_' and '.', at most
	// 64 bytes.
	Name    string
	Trigger Trigger
	// Condition, in the segment query language (segment.ParseQuery), must
	// hold for the customer when the trigger fires; empty means always.
	// It is evaluated with the customer's profile, order summary and, when
	// it reads rfm_* fields, RFM scores of the whole customer base — as they
	// are when the engine reads the trigger (the journal, a scan), which
	// for a running engine is moments after the write.
	Condition string
	Action    Action
}

var ruleName = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,64}$`)

// compiledRule is a validated rule with its condition parsed.
type compiledRule struct {
	Rule
	cond *segment.Query
}

func compileRules(rules []Rule) ([]compiledRule, error) {
	seen := map[string]bool{}
	out := make([]compiledRule, len(rules))
	for i, r := range rules {
		field := fmt.Sprintf("rules[%d]", i)
		switch {
		case !ruleName.MatchString(r.Name):
			return nil, invalid(field+".name", r.Name, "want 1-64 letters, digits, '-', '_' or '.'")
		case seen[r.Name]:
			return nil, invalid(field+".name", r.Name, "used by an earlier rule")
		case r.Action == nil:
			return nil, invalid(field+".action", "", "required")
		}
		seen[r.Name] = true
		if err := r.Trigger.validate(field + ".trigger"); err != nil {
			return nil, err
		}
		out[i].Rule = r
		if r.Condition != "" {
			q, err := segment.ParseQuery(r.Condition)
			if err != nil {
				return nil, &ValidationError{Field: field + ".condition", Value: r.Condition, Reason: err.Error()}
			}
			out[i].cond = q
		}
	}
	return out, nil
}
