package risk

// Evaluate decides a return or refund request from the customer's history.
// Only what was known at the request's time counts: orders placed, paid,
// delivered or cancelled and returns requested or resolved at or after
// req.Return.RequestedAt are seen as they stood then, so a full history can
// replay old requests without look-ahead. The request itself is left out of
// h.Returns by ID.
//
// p nil means DefaultPolicy(); pop nil leaves out the anomaly rule. Evaluate
// is pure and deterministic. An invalid policy decides nothing on its own:
// the request goes to review with the single reason RulePolicy naming the
// fault (validate policies where they are read, as NewChecker does).
func Evaluate(req Request, h History, p *Policy, pop *Population) Decision {
	if p == nil {
		p = DefaultPolicy()
	} else if err := p.Validate(); err != nil {
		return Decision{Outcome: Review, Reasons: []Reason{{
			Rule: RulePolicy, Text: "no automatic decision: " + err.Error(), Evidence: map[string]float64{},
		}}}
	}
	at := req.Return.RequestedAt
	f := &facts{
		req:     &req,
		at:      at,
		s:       snapshotAt(&h, at, req.Return.ID),
		created: h.AccountCreated,
		p:       p,
		pop:     pop,
	}
	var reasons []Reason
	for _, r := range rules {
		if reason, ok := r(f); ok {
			reasons = append(reasons, reason)
		}
	}
	return decide(reasons, p)
}
