package order

import (
	"errors"
	"fmt"
	"time"
)

// Status is where an order is in its life cycle.
type Status string

// The order statuses. The life cycle runs pending → paid → shipped →
// delivered; an order can be cancelled before it ships and refunded, wholly
// or in part, once paid.
const (
	StatusPending           Status = "pending"
	StatusPaid              Status = "paid"
	StatusShipped           Status = "shipped"
	StatusDelivered         Status = "delivered"
	StatusCancelled         Status = "cancelled"
	StatusPartiallyRefunded Status = "partially_refunded"
	StatusRefunded          Status = "refunded"
)

// Statuses lists every status in life-cycle order.
var Statuses = []Status{StatusPending, StatusPaid, StatusShipped, StatusDelivered, StatusCancelled, StatusPartiallyRefunded, StatusRefunded}

// transitions lists, per status, the statuses it may move to.
var transitions = map[Status][]Status{
	StatusPending:           {StatusPaid, StatusCancelled},
	StatusPaid:              {StatusShipped, StatusCancelled, StatusPartiallyRefunded, StatusRefunded},
	StatusShipped:           {StatusDelivered, StatusPartiallyRefunded, StatusRefunded},
	StatusDelivered:         {StatusPartiallyRefunded, StatusRefunded},
	StatusPartiallyRefunded: {StatusPartiallyRefunded, StatusRefunded},
	StatusCancelled:         nil,
	StatusRefunded:          nil,
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { _, ok := transitions[s]; return ok }

// Terminal reports whether no transition leaves s.
func (s Status) Terminal() bool { return s.Valid() && len(transitions[s]) == 0 }

// CanTransition reports whether an order may move from one status to another.
func CanTransition(from, to Status) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// ErrInvalidTransition is matched by every *TransitionError.
var ErrInvalidTransition = errors.New("order: invalid status transition")

// TransitionError reports a status change the life cycle does not allow.
type TransitionError struct {
	OrderNumber string
	From, To    Status
}

// Error names the order and the forbidden move.
func (e *TransitionError) Error() string {
	return fmt.Sprintf("order %s: cannot move from %q to %q", e.OrderNumber, e.From, e.To)
}

// Is makes errors.Is(err, ErrInvalidTransition) true.
func (e *TransitionError) Is(target error) bool { return target == ErrInvalidTransition }

// Transition moves the order to status to at time at, stamping the matching
// time field. It returns a *TransitionError when the life cycle forbids it.
func (o *Order) Transition(to Status, at time.Time) error {
	if !CanTransition(o.Status, to) {
		return &TransitionError{OrderNumber: o.Number, From: o.Status, To: to}
	}
	o.Status = to
	switch to {
	case StatusPaid:
		o.PaidAt = at
	case StatusShipped:
		o.ShippedAt = at
	case StatusDelivered:
		o.DeliveredAt = at
	case StatusCancelled:
		o.CancelledAt = at
	}
	o.UpdatedAt = at
	return nil
}
