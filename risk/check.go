package risk

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// ErrInvalidRequest is returned for a request that cannot be decided: no
// customer, order or request time.
var ErrInvalidRequest = errors.New("risk: invalid request")

// Checker decides requests against a store with a validated policy and an
// optional population. It holds no other state and is safe for concurrent use.
type Checker struct {
	policy     *Policy
	population *Population
}

// NewChecker validates p (nil for DefaultPolicy) and returns a Checker that
// also applies the population's anomaly rule when pop is not nil.
// Errors: *PolicyError.
func NewChecker(p *Policy, pop *Population) (*Checker, error) {
	if p == nil {
		p = DefaultPolicy()
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &Checker{policy: p, population: pop}, nil
}

// Check decides the return request r (stored or not) from what st holds on
// its customer as of r.RequestedAt. Errors: ErrInvalidRequest, store errors
// (store.ErrNotFound when the order is missing).
func (c *Checker) Check(ctx context.Context, st store.Store, r order.Return) (Decision, error) {
	if r.CustomerID == uuid.Nil || r.OrderID == uuid.Nil || r.RequestedAt.IsZero() {
		return Decision{}, fmt.Errorf("%w: customer, order and request time are required", ErrInvalidRequest)
	}
	o, err := st.GetOrder(ctx, r.OrderID)
	if err != nil {
		return Decision{}, fmt.Errorf("risk: order of return %s: %w", r.ID, err)
	}
	if o.CustomerID != r.CustomerID {
		return Decision{}, fmt.Errorf("%w: order %s belongs to customer %s, not %s", ErrInvalidRequest, o.Number, o.CustomerID, r.CustomerID)
	}
	h, err := LoadHistory(ctx, st, r.CustomerID, r.RequestedAt)
	if err != nil {
		return Decision{}, err
	}
	return Evaluate(Request{Return: r, Order: o}, h, c.policy, c.population), nil
}

// Check decides r with policy p (nil for DefaultPolicy) and no population
// model; see Checker.Check.
func Check(ctx context.Context, st store.Store, r order.Return, p *Policy) (Decision, error) {
	c, err := NewChecker(p, nil)
	if err != nil {
		return Decision{}, err
	}
	return c.Check(ctx, st, r)
}

// LoadHistory gathers a customer's history from st as it stood before
// asOf: orders placed, returns requested and events recorded before it,
// and the sign-up time (left zero when the profile is gone, as after an
// erasure: orders outlive profiles). Errors: store errors.
func LoadHistory(ctx context.Context, st store.Store, customerID uuid.UUID, asOf time.Time) (History, error) {
	h := History{CustomerID: customerID}
	c, err := st.GetCustomer(ctx, customerID)
	switch {
	case err == nil:
		h.AccountCreated = c.CreatedAt
	case !errors.Is(err, store.ErrNotFound):
		return History{}, err
	}
	for o, err := range st.Orders(ctx, store.OrderFilter{CustomerID: customerID, Until: asOf}) {
		if err != nil {
			return History{}, err
		}
		h.Orders = append(h.Orders, o)
	}
	for r, err := range st.Returns(ctx, store.ReturnFilter{CustomerID: customerID, Until: asOf}) {
		if err != nil {
			return History{}, err
		}
		h.Returns = append(h.Returns, r)
	}
	for e, err := range st.Events(ctx, store.EventFilter{CustomerID: customerID, Until: asOf}) {
		if err != nil {
			return History{}, err
		}
		if h.Behaviour == nil {
			h.Behaviour = map[behavior.Kind]int{}
		}
		h.Behaviour[e.Kind]++
		if e.Kind == behavior.KindReview {
			h.Reviews = append(h.Reviews, RatingsFrom([]behavior.Event{e})...)
		}
	}
	return h, nil
}

// FitPopulationFromStore fits the population model on every customer's
// orders and returns in st, as of opts.AsOf (zero: everything).
// It holds one history per customer in memory. Errors: as FitPopulation,
// and store errors.
func FitPopulationFromStore(ctx context.Context, st store.Store, opts *PopulationOptions) (*Population, error) {
	var until time.Time
	if opts != nil {
		until = opts.AsOf
	}
	var d Dataset
	for o, err := range st.Orders(ctx, store.OrderFilter{Until: until}) {
		if err != nil {
			return nil, err
		}
		d.Orders = append(d.Orders, o)
	}
	for r, err := range st.Returns(ctx, store.ReturnFilter{Until: until}) {
		if err != nil {
			return nil, err
		}
		d.Returns = append(d.Returns, r)
	}
	return FitPopulation(ctx, d.Histories(), opts)
}
