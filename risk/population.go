package risk

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"
)

// Feature names one measure of a customer's return behaviour that the
// population model compares.
type Feature string

// The features. Shares are smoothed towards the population's pooled value
// (see PopulationOptions.PriorWeight), so that one return on one order does
// not read as a 100 % return rate.
const (
	// FeatureReturnRate is the share of delivered orders with a return request.
	FeatureReturnRate Feature = "return_rate"
	// FeatureRefundShare is the money asked back (requests not rejected)
	// over the money spent.
	FeatureRefundShare Feature = "refund_share"
	// FeatureRefundOnlyShare is the share of requests that are refund-only.
	FeatureRefundOnlyShare Feature = "refund_only_share"
	// FeatureDaysToReturn is the mean time from delivery to request, in
	// days; unusually short is the anomalous direction (no time to use the
	// item, or a claim prepared in advance).
	FeatureDaysToReturn Feature = "days_to_return"
)

// Features lists the features in the order reasons report them.
var Features = []Feature{FeatureReturnRate, FeatureRefundShare, FeatureRefundOnlyShare, FeatureDaysToReturn}

// FeatureStats are the robust location and scale of one feature over the
// population.
type FeatureStats struct {
	Feature Feature `json:"feature"`
	// Pooled is the population's pooled value (total returns over total
	// delivered orders, and so on), the point smoothing pulls towards.
	Pooled float64 `json:"pooled"`
	// Median and Scale define the robust z-score (x − Median) / Scale.
	Median float64 `json:"median"`
	Scale  float64 `json:"scale"`
	// N is the number of customers the feature was measured on.
	N int `json:"n"`
}

// Population is a model of how customers return goods, fitted on many
// customers' histories: per feature, the median and a robust scale. A
// customer's robust z-scores against it say how unusual the customer is,
// and the largest one, in the anomalous direction, is its anomaly index.
// A Population is immutable once fitted and safe for concurrent use.
type Population struct {
	AsOf      time.Time `json:"as_of,omitzero"`
	Customers int       `json:"customers"`
	// MeanOrder is the mean order total of the compared customers, the unit
	// of the refund share's smoothing.
	MeanOrder   float64        `json:"mean_order"`
	PriorWeight float64        `json:"prior_weight"`
	Stats       []FeatureStats `json:"stats"` // one per entry of Features, in that order
}

// PopulationOptions tune FitPopulation. The zero value (or nil) gives the defaults.
type PopulationOptions struct {
	// AsOf fits the population as it stood at that moment: each history is
	// rewound to it. Zero uses everything in the histories.
	AsOf time.Time
	// PriorWeight is the weight, in orders (or requests), of the pooled
	// value each customer's shares are smoothed towards: a beta prior with
	// that many pseudo-observations. Default 8: the first return on a
	// first order then reads as a rate of 0.2, not 1.
	PriorWeight float64
	// MinCustomers is the fewest customers with a delivered order and a
	// return request needed to fit; default 20.
	MinCustomers int
}

// ErrTooFewCustomers is returned by FitPopulation when the histories hold
// too few customers with delivered orders and returns for robust statistics.
var ErrTooFewCustomers = errors.New("risk: too few customers to fit a population")

// scaleFloor keeps z-scores meaningful when most customers have nearly the
// same value (most never claim refund-only): a share is never taken to vary
// by less than five points, a time by less than two days, so a z of 3.5
// needs a share 17.5 points or a time 7 days from the median.
var scaleFloor = map[Feature]float64{
	FeatureReturnRate: 0.05, FeatureRefundShare: 0.05, FeatureRefundOnlyShare: 0.05, FeatureDaysToReturn: 2,
}

// FitPopulation fits the population model on customers' histories (one per
// customer). It honours ctx between customers. Errors: ErrTooFewCustomers,
// ctx.Err(), a validation error for a negative PriorWeight.
func FitPopulation(ctx context.Context, hs []History, opts *PopulationOptions) (*Population, error) {
	var o PopulationOptions
	if opts != nil {
		o = *opts
	}
	if o.PriorWeight < 0 || math.IsNaN(o.PriorWeight) || math.IsInf(o.PriorWeight, 0) {
		return nil, fmt.Errorf("risk: PopulationOptions.PriorWeight = %v: must be a finite number ≥ 0", o.PriorWeight)
	}
	if o.PriorWeight == 0 {
		o.PriorWeight = 8
	}
	if o.MinCustomers <= 0 {
		o.MinCustomers = 20
	}
	at := o.AsOf
	if at.IsZero() {
		at = time.Unix(1<<40, 0) // after anything a shop records
	}
	profiles := make([]profile, 0, len(hs))
	var total profile
	orders := 0
	for i := range hs {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		s := snapshotAt(&hs[i], at, [16]byte{})
		p := s.profile(nil)
		if p.delivered == 0 || p.requests == 0 {
			continue // the evaluated customer has a request: compare with customers who asked
		}
		orders += len(s.orders)
		profiles = append(profiles, p)
		total.delivered += p.delivered
		total.returned += p.returned
		total.requests += p.requests
		total.refundOnly += p.refundOnly
		total.spend += p.spend
		total.asked += p.asked
		total.daysSum += p.daysSum
		total.timed += p.timed
	}
	if len(profiles) < o.MinCustomers {
		return nil, fmt.Errorf("%w: %d with a delivered order, need %d", ErrTooFewCustomers, len(profiles), o.MinCustomers)
	}
	pop := &Population{AsOf: o.AsOf, Customers: len(profiles), PriorWeight: o.PriorWeight, Stats: make([]FeatureStats, len(Features))}
	pop.MeanOrder = total.spend / float64(max(orders, 1))
	pooled := [...]float64{
		ratio(float64(total.returned), float64(total.delivered)),
		ratio(total.asked, total.spend),
		ratio(float64(total.refundOnly), float64(total.requests)),
		ratio(total.daysSum, float64(total.timed)),
	}
	for k, f := range Features {
		pop.Stats[k] = FeatureStats{Feature: f, Pooled: pooled[k]}
	}
	for k, f := range Features {
		var xs []float64
		for i := range profiles {
			if x, ok := pop.value(f, &profiles[i]); ok {
				xs = append(xs, x)
			}
		}
		st := &pop.Stats[k]
		st.N = len(xs)
		if len(xs) == 0 {
			st.Scale = scaleFloor[f]
			continue
		}
		st.Median, st.Scale = robustScale(xs)
		st.Scale = max(st.Scale, scaleFloor[f])
	}
	return pop, nil
}

func ratio(a, b float64) float64 {
	if b <= 0 {
		return 0
	}
	return a / b
}

// usable reports whether the population can score customers: not nil and,
// when read back from JSON, complete and with finite positive scales.
func (pop *Population) usable() bool {
	if pop == nil || len(pop.Stats) != len(Features) || !(pop.PriorWeight >= 0) || !(pop.MeanOrder >= 0) {
		return false
	}
	for k, st := range pop.Stats {
		if st.Feature != Features[k] || !(st.Scale > 0) || math.IsInf(st.Scale, 0) || math.IsNaN(st.Median) || math.IsNaN(st.Pooled) {
			return false
		}
	}
	return true
}

// value returns the smoothed feature of a profile, and false when the
// feature is not defined for it (no request to time or classify).
func (pop *Population) value(f Feature, p *profile) (float64, bool) {
	m := pop.PriorWeight
	switch f {
	case FeatureReturnRate:
		if p.delivered == 0 {
			return 0, false
		}
		return (float64(p.returned) + m*pop.Stats[0].Pooled) / (float64(p.delivered) + m), true
	case FeatureRefundShare:
		if p.spend <= 0 {
			return 0, false
		}
		unit := m * pop.MeanOrder
		return (p.asked + unit*pop.Stats[1].Pooled) / (p.spend + unit), true
	case FeatureRefundOnlyShare:
		if p.requests == 0 {
			return 0, false
		}
		return (float64(p.refundOnly) + m*pop.Stats[2].Pooled) / (float64(p.requests) + m), true
	case FeatureDaysToReturn:
		if p.timed == 0 {
			return 0, false
		}
		return (p.daysSum + m*pop.Stats[3].Pooled) / (float64(p.timed) + m), true
	}
	return 0, false
}

// robustScale returns the median of xs and a robust scale: 1.4826 × the
// median absolute deviation, which estimates the standard deviation of
// normal data, so (x − median)/scale is the modified z-score of Iglewicz and
// Hoaglin (1993). When more than half the values are equal the MAD is 0;
// the scale then falls back on 1.2533 × the mean absolute deviation from
// the median (also consistent for normal data), as statistical packages do.
func robustScale(xs []float64) (median, scale float64) {
	s := slices.Clone(xs)
	slices.Sort(s)
	median = medianSorted(s)
	dev := make([]float64, len(s))
	mean := 0.0
	for i, x := range s {
		dev[i] = math.Abs(x - median)
		mean += dev[i]
	}
	mean /= float64(len(dev))
	slices.Sort(dev)
	if mad := medianSorted(dev); mad > 0 {
		return median, 1.482602218505602 * mad
	}
	return median, 1.2533141373155003 * mean
}

func medianSorted(s []float64) float64 {
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// Score is one feature of one customer against the population.
type Score struct {
	Feature Feature `json:"feature"`
	Value   float64 `json:"value"`
	Median  float64 `json:"median"`
	// Z is the robust z-score in the anomalous direction: positive when the
	// customer returns more, asks more back, claims refund-only more or
	// asks sooner than the median customer.
	Z float64 `json:"z"`
}

// Scores returns the customer's robust z-scores against the population as
// of at (zero: everything in h), for the features defined for the customer
// (the request-based ones need a request), in the order of Features. It
// returns nil when the population is nil or incomplete.
func (pop *Population) Scores(h History, at time.Time) []Score {
	if !pop.usable() {
		return nil
	}
	if at.IsZero() {
		at = time.Unix(1<<40, 0)
	}
	p := snapshotAt(&h, at, [16]byte{}).profile(nil)
	return pop.scores(&p)
}

// scores returns the customer's robust z-scores for the features defined
// for the profile, in the order of Features.
func (pop *Population) scores(p *profile) []Score {
	var out []Score
	for k, f := range Features {
		x, ok := pop.value(f, p)
		if !ok {
			continue
		}
		st := pop.Stats[k]
		z := (x - st.Median) / st.Scale
		if f == FeatureDaysToReturn {
			z = -z
		}
		out = append(out, Score{Feature: f, Value: x, Median: st.Median, Z: z})
	}
	return out
}
