package store

import (
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/order"
	"github.com/google/uuid"
)

// Filters select records in scans. Zero fields do not filter. Time ranges are
// half-open: From/Since inclusive, To/Until exclusive. After is a cursor
// taken from the last record of the previous page (CustomerCursor,
// OrderCursor, ...): the scan resumes strictly after it in the scan's order.
// Limit > 0 stops the scan after that many records.

// CustomerFilter selects customers.
type CustomerFilter struct {
	Tag         string    // has this tag (case-insensitive)
	Email       string    // this e-mail, compared by customer.EmailKey
	CreatedFrom time.Time // CreatedAt >= CreatedFrom
	CreatedTo   time.Time // CreatedAt < CreatedTo
	After       string
	Limit       int
}

// OrderFilter selects orders.
type OrderFilter struct {
	CustomerID uuid.UUID
	Statuses   []order.Status // any of these
	Since      time.Time      // PlacedAt >= Since
	Until      time.Time      // PlacedAt < Until
	Desc       bool           // newest first
	After      string
	Limit      int
}

// ReturnFilter selects returns.
type ReturnFilter struct {
	CustomerID uuid.UUID
	OrderID    uuid.UUID
	Statuses   []order.ReturnStatus
	Since      time.Time // RequestedAt >= Since
	Until      time.Time // RequestedAt < Until
	After      string
	Limit      int
}

// ProductFilter selects products.
type ProductFilter struct {
	Category   string
	ActiveOnly bool
	After      string
	Limit      int
}

// EventFilter selects behaviour events.
type EventFilter struct {
	CustomerID uuid.UUID
	VisitorID  string
	SessionID  string
	Kinds      []behavior.Kind // any of these
	ProductID  string
	Since      time.Time // At >= Since
	Until      time.Time // At < Until
	Desc       bool      // newest first
	After      string
	Limit      int
}
