package insight

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"

	"github.com/crmkit/crmkit/clv"
)

// SimOptions configure the Monte Carlo what-if simulation. The zero value
// runs 1,000 simulations with seed 0 over 13 weeks at a 40 % gross margin.
type SimOptions struct {
	// Runs is the number of simulated futures. The default is 1,000, fewer
	// for large shops so that runs × customers stays within 20 million (at
	// least 200 runs): the percentiles of a sum over many customers settle
	// with few runs.
	Runs int `json:"runs"`
	// Seed fixes the random streams: the same inputs and seed give the same
	// result on any number of CPUs.
	Seed uint64 `json:"seed"`
	// Weeks is the horizon (default: the report's forecast horizon, 13).
	Weeks int `json:"weeks"`
	// Margin is the gross margin as a share of revenue at today's prices
	// (default 0.40): the cost of goods is (1 − Margin) × list revenue.
	Margin float64 `json:"margin"`
	// Workers bounds the goroutines; zero means runtime.GOMAXPROCS.
	Workers int `json:"-"`
}

func (o SimOptions) validate() error {
	switch {
	case o.Runs < 0 || o.Runs > 1_000_000:
		return &OptionsError{"Simulation.Runs", fmt.Sprint(o.Runs), "must be 0–1,000,000"}
	case o.Weeks < 0:
		return &OptionsError{"Simulation.Weeks", fmt.Sprint(o.Weeks), "must not be negative"}
	case !finite(o.Margin) || o.Margin < 0 || o.Margin > 1:
		return &OptionsError{"Simulation.Margin", fmt.Sprint(o.Margin), "must be in [0, 1]"}
	case o.Workers < 0:
		return &OptionsError{"Simulation.Workers", fmt.Sprint(o.Workers), "must not be negative"}
	}
	return nil
}

// simBudget bounds runs × customers when Runs is left to its default.
const simBudget = 20_000_000

func (o SimOptions) withDefaults(customers int) SimOptions {
	if o.Runs == 0 {
		o.Runs = 1000
		if customers > 0 && customers*o.Runs > simBudget {
			o.Runs = max(200, simBudget/customers)
		}
	}
	if o.Weeks == 0 {
		o.Weeks = 13
	}
	if o.Margin == 0 {
		o.Margin = 0.40
	}
	if o.Workers == 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	return o
}

// SimCustomer is one current customer as the simulation sees them.
type SimCustomer struct {
	Summary clv.Summary // in weeks
	Segment string      // RFM segment
}

// SimModel is what the simulation draws futures from: fitted BG/NBD and
// Gamma-Gamma models (time in weeks) with the current customers, and the
// revenue expected from customers not yet acquired with its standard
// deviation over the horizon (from the revenue forecast).
type SimModel struct {
	BGNBD      clv.BGNBD
	GammaGamma clv.GammaGamma
	Customers  []SimCustomer
	NewRevenue float64
	NewSD      float64
}

// Distribution summarises simulated values.
type Distribution struct {
	Mean float64 `json:"mean"`
	P5   float64 `json:"p5"`
	P50  float64 `json:"p50"`
	P95  float64 `json:"p95"`
}

// Outcome is the simulated result of the baseline or of one scenario.
type Outcome struct {
	Scenario    *Scenario    `json:"scenario,omitempty"` // nil for the baseline
	Assumptions string       `json:"assumptions"`
	Targeted    int          `json:"targeted_customers"`
	Revenue     Distribution `json:"revenue"`
	// Margin is revenue less the cost of goods and the campaign's cost.
	Margin Distribution `json:"margin"`
	// Cost is the campaign cost plus the discount given.
	Cost Distribution `json:"cost"`
	// MarginGain is the scenario's margin less the baseline's in the same
	// simulated future; ROI is MarginGain / Cost, absent without a cost.
	MarginGain Distribution  `json:"margin_gain"`
	ROI        *Distribution `json:"roi,omitempty"`
	// PBeatsBaseline is the share of futures in which the scenario's margin
	// exceeds the baseline's.
	PBeatsBaseline float64 `json:"p_beats_baseline"`
}

// WhatIf is the side-by-side comparison of the baseline and the scenarios.
type WhatIf struct {
	Options   SimOptions `json:"options"`
	Method    string     `json:"method"`
	Baseline  Outcome    `json:"baseline"`
	Scenarios []Outcome  `json:"scenarios"`
}

// simMethod describes the simulation for the report.
const simMethod = "Each run simulates every current customer's next weeks by the fitted BG/NBD process: alive with their " +
	"probability P(alive), a purchase rate drawn from its posterior Gamma(r+x, α+T) and a dropout probability from Beta(a, b+x), " +
	"purchases as a Poisson process ending at the first dropout, each worth a Gamma-Gamma draw with the customer's posterior " +
	"spend; revenue from new customers is the revenue forecast less what current customers are expected to bring, drawn from a " +
	"normal distribution with the forecast's spread. The baseline and every scenario share each run's random draws."

// Simulate evaluates the scenarios against the baseline by Monte Carlo.
// Runs are spread over the workers but each run has its own random stream
// (from Seed and the run's index), so the result does not depend on how
// many there are. It honours ctx between runs.
func Simulate(ctx context.Context, m *SimModel, scenarios []Scenario, opt SimOptions) (*WhatIf, error) {
	if err := opt.validate(); err != nil {
		return nil, err
	}
	for i, s := range scenarios {
		if err := s.validate(); err != nil {
			return nil, fmt.Errorf("scenario %d: %w", i, err)
		}
	}
	if m == nil || len(m.Customers) == 0 {
		return nil, fmt.Errorf("%w: no customers to simulate", clv.ErrNoData)
	}
	if !finite(m.NewRevenue, m.NewSD) || m.NewRevenue < 0 || m.NewSD < 0 {
		return nil, &OptionsError{"SimModel.NewRevenue", fmt.Sprint(m.NewRevenue, " ± ", m.NewSD), "must be finite and not negative"}
	}
	opt = opt.withDefaults(len(m.Customers))
	prep := prepare(m, scenarios)
	ns := len(scenarios) + 1
	// results[run][scenario] with scenario 0 the baseline.
	results := make([][]runResult, opt.Runs)
	var wg sync.WaitGroup
	next := make(chan int)
	for range opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]runResult, ns)
			for run := range next {
				prep.run(run, opt, buf)
				results[run] = slices.Clone(buf)
			}
		}()
	}
	var err error
	for run := range opt.Runs {
		if err = ctx.Err(); err != nil {
			break
		}
		next <- run
	}
	close(next)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	w := &WhatIf{Options: opt, Method: simMethod}
	w.Baseline = summarise(results, 0, nil, len(m.Customers))
	w.Baseline.Assumptions = fmt.Sprintf("current behaviour; gross margin %.0f%% of revenue", 100*opt.Margin)
	for i := range scenarios {
		sc := scenarios[i]
		o := summarise(results, i+1, &sc, prep.targeted[i])
		o.Assumptions = sc.Assumptions()
		w.Scenarios = append(w.Scenarios, o)
	}
	return w, nil
}

// runResult is one simulated future of one scenario.
type runResult struct{ revenue, margin, cost float64 }

// effect is how a scenario changes one customer.
type effect struct {
	rate, price, keep float64 // purchase-rate factor, price factor, share of dropout kept
	discount          float64 // share of list price given away
}

type prepared struct {
	m        *SimModel
	effects  [][]effect // per customer, per scenario (0 = baseline)
	newPrice []float64  // price factor for new customers, per scenario
	newRate  []float64  // purchase factor for new customers, per scenario
	campaign []float64  // campaign cost, per scenario
	pAlive   []float64
	targeted []int
}

func prepare(m *SimModel, scenarios []Scenario) *prepared {
	p := &prepared{m: m, targeted: make([]int, len(scenarios))}
	n := len(scenarios) + 1
	p.newPrice, p.newRate, p.campaign = make([]float64, n), make([]float64, n), make([]float64, n)
	p.newPrice[0], p.newRate[0] = 1, 1
	for i, s := range scenarios {
		p.newPrice[i+1], p.newRate[i+1] = 1, 1
		if s.Kind == RaisePrices && s.Segment == "" {
			p.newPrice[i+1] = 1 + s.PriceIncrease
			p.newRate[i+1] = math.Pow(1+s.PriceIncrease, s.Elasticity)
		}
	}
	p.effects = make([][]effect, len(m.Customers))
	p.pAlive = make([]float64, len(m.Customers))
	for c, cu := range m.Customers {
		pa, err := m.BGNBD.ProbabilityAlive(cu.Summary)
		if err != nil || !finite(pa) {
			pa = 0
		}
		p.pAlive[c] = pa
		es := make([]effect, len(scenarios)+1)
		es[0] = effect{rate: 1, price: 1, keep: 1}
		for i, s := range scenarios {
			e := effect{rate: 1, price: 1, keep: 1}
			if s.Segment == "" || s.Segment == cu.Segment {
				p.targeted[i]++
				p.campaign[i+1] += s.CostPerCustomer
				switch s.Kind {
				case Discount:
					e.rate, e.price, e.discount = 1+s.Uplift, 1-s.Discount, s.Discount
				case ReduceChurn:
					e.keep = 1 - s.ChurnReduction
				case RaisePrices:
					e.price = 1 + s.PriceIncrease
					e.rate = math.Pow(1+s.PriceIncrease, s.Elasticity)
				}
			}
			es[i+1] = e
		}
		p.effects[c] = es
	}
	return p
}

// run simulates one future of every scenario into out.
func (p *prepared) run(run int, opt SimOptions, out []runResult) {
	r := rand.New(rand.NewPCG(opt.Seed, uint64(run)))
	for i := range out {
		out[i] = runResult{}
	}
	bg, gg := p.m.BGNBD, p.m.GammaGamma
	horizon := float64(opt.Weeks)
	var exps, drops, spends []float64
	for c, cu := range p.m.Customers {
		s := cu.Summary
		uAlive := r.Float64()
		lambda := gammaRand(r, bg.R+s.Frequency) / (bg.Alpha + s.T)
		drop := betaRand(r, bg.A, bg.B+s.Frequency)
		nu := gammaRand(r, gg.Q+gg.P*s.Frequency) / (gg.V + s.Frequency*s.MonetaryValue)
		exps, drops, spends = exps[:0], drops[:0], spends[:0]
		for i, e := range p.effects[c] {
			res := &out[i]
			if uAlive >= p.pAlive[c] {
				continue
			}
			rate := lambda * e.rate
			if rate <= 0 {
				continue
			}
			t := 0.0
			for k := 0; ; k++ {
				if k == len(exps) {
					exps = append(exps, r.ExpFloat64())
					drops = append(drops, r.Float64())
					spends = append(spends, gammaRand(r, gg.P)/nu)
				}
				t += exps[k] / rate
				if t > horizon {
					break
				}
				list := spends[k]
				res.revenue += list * e.price
				res.margin += list*e.price - (1-opt.Margin)*list
				res.cost += list * e.discount
				if drops[k] < drop*e.keep {
					break
				}
			}
		}
	}
	z := r.NormFloat64()
	newRev := max(0, p.m.NewRevenue+z*p.m.NewSD)
	for i := range out {
		// New customers buy newRate times as much, at newPrice times today's
		// prices; their cost of goods follows what they buy.
		bought := newRev * p.newRate[i]
		out[i].revenue += bought * p.newPrice[i]
		out[i].margin += bought*p.newPrice[i] - (1-opt.Margin)*bought
		// Campaign costs come off the margin; the discount is already
		// missing from revenue.
		out[i].margin -= p.campaign[i]
		out[i].cost += p.campaign[i]
	}
}

// summarise turns the runs of scenario i into an Outcome.
func summarise(results [][]runResult, i int, sc *Scenario, targeted int) Outcome {
	n := len(results)
	rev, mar, cost, gain := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	roi := make([]float64, 0, n)
	beats := 0
	for k, rr := range results {
		rev[k], mar[k], cost[k] = rr[i].revenue, rr[i].margin, rr[i].cost
		gain[k] = rr[i].margin - rr[0].margin
		if gain[k] > 0 {
			beats++
		}
		if rr[i].cost > 0 {
			roi = append(roi, gain[k]/rr[i].cost)
		}
	}
	o := Outcome{Scenario: sc, Targeted: targeted, Revenue: distribution(rev), Margin: distribution(mar),
		Cost: distribution(cost), MarginGain: distribution(gain), PBeatsBaseline: ratio(float64(beats), float64(n))}
	if sc != nil && len(roi) == n {
		d := distribution(roi)
		o.ROI = &d
	}
	return o
}

// distribution returns the mean and the 5th, 50th and 95th percentiles
// (linear interpolation between order statistics, as R's type 7).
func distribution(xs []float64) Distribution {
	if len(xs) == 0 {
		return Distribution{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	sum := 0.0
	for _, x := range s {
		sum += x
	}
	return Distribution{Mean: sum / float64(len(s)), P5: quantile(s, 0.05), P50: quantile(s, 0.5), P95: quantile(s, 0.95)}
}

// quantile of sorted values, R type 7.
func quantile(sorted []float64, q float64) float64 {
	h := q * float64(len(sorted)-1)
	lo := int(math.Floor(h))
	if lo+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}
