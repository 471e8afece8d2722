package risk

import "github.com/google/uuid"

// Metrics measure backtest decisions against known abusers: "flagged"
// means sent to review or denied.
type Metrics struct {
	Requests int `json:"requests"`
	// AbuserRequests are the requests made by known abusers.
	AbuserRequests int `json:"abuser_requests"`
	Flagged        int `json:"flagged"`
	// TruePositives are flagged requests by abusers.
	TruePositives int `json:"true_positives"`
	Denied        int `json:"denied"`
	// Precision is the share of flagged requests made by abusers; Recall
	// the share of abusers' requests flagged.
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	// HonestFlagged is the share of other customers' requests flagged.
	HonestFlagged float64 `json:"honest_flagged"`
	// HonestDenied is the share of other customers' requests denied.
	HonestDenied float64 `json:"honest_denied"`

	// Per customer: abusers with a request, and of those the share flagged
	// at least once; honest customers with a request, and the share flagged
	// at least once.
	Abusers                int     `json:"abusers"`
	AbusersCaught          float64 `json:"abusers_caught"`
	HonestCustomers        int     `json:"honest_customers"`
	HonestCustomersFlagged float64 `json:"honest_customers_flagged"`
}

// Measure scores backtest results against a labelling of abusers.
func Measure(results []BacktestResult, isAbuser func(uuid.UUID) bool) Metrics {
	var m Metrics
	honestDenied, honestFlagged := 0, 0
	flaggedCustomer := map[uuid.UUID]bool{}
	for _, r := range results {
		abuser := isAbuser(r.CustomerID)
		flagged := r.Decision.Outcome != Approve
		m.Requests++
		if _, seen := flaggedCustomer[r.CustomerID]; !seen {
			flaggedCustomer[r.CustomerID] = false
		}
		if flagged {
			m.Flagged++
			flaggedCustomer[r.CustomerID] = true
		}
		if r.Decision.Outcome == Deny {
			m.Denied++
		}
		switch {
		case abuser:
			m.AbuserRequests++
			if flagged {
				m.TruePositives++
			}
		case flagged:
			honestFlagged++
			if r.Decision.Outcome == Deny {
				honestDenied++
			}
		}
	}
	m.Precision = ratio(float64(m.TruePositives), float64(m.Flagged))
	m.Recall = ratio(float64(m.TruePositives), float64(m.AbuserRequests))
	m.HonestFlagged = ratio(float64(honestFlagged), float64(m.Requests-m.AbuserRequests))
	m.HonestDenied = ratio(float64(honestDenied), float64(m.Requests-m.AbuserRequests))
	caught, honestHit := 0, 0
	for id, flagged := range flaggedCustomer {
		if isAbuser(id) {
			m.Abusers++
			if flagged {
				caught++
			}
		} else {
			m.HonestCustomers++
			if flagged {
				honestHit++
			}
		}
	}
	m.AbusersCaught = ratio(float64(caught), float64(m.Abusers))
	m.HonestCustomersFlagged = ratio(float64(honestHit), float64(m.HonestCustomers))
	return m
}
