package access

import (
	"context"
	"slices"
	"sort"
)

// Resource is a kind of record or view a permission applies to.
type Resource string

// The resources. ResourcePII is not a kind of record but the personal data
// inside customers, returns and events: reading it unmasked needs PII read,
// setting or changing it needs PII write.
const (
	ResourceCustomers Resource = "customers"
	ResourceOrders    Resource = "orders"
	ResourceReturns   Resource = "returns"
	ResourceProducts  Resource = "products"
	ResourceEvents    Resource = "events"
	ResourceSummaries Resource = "summaries" // per-customer order summaries
	ResourceStats     Resource = "stats"     // record counts
	ResourcePII       Resource = "pii"       // personal data (see the package documentation)
	ResourceAudit     Resource = "audit"     // the store's journal: who changed which record, when
)

// Resources lists every resource.
var Resources = []Resource{ResourceCustomers, ResourceOrders, ResourceReturns, ResourceProducts,
	ResourceEvents, ResourceSummaries, ResourceStats, ResourcePII, ResourceAudit}

// Action is what is done to a resource.
type Action string

// The actions. Export and erase have no store method: the packages that
// implement them (data-subject export, erasure) ask Authorize.
const (
	ActionRead   Action = "read"
	ActionWrite  Action = "write"
	ActionDelete Action = "delete"
	ActionExport Action = "export"
	ActionErase  Action = "erase"
)

// Actions lists every action.
var Actions = []Action{ActionRead, ActionWrite, ActionDelete, ActionExport, ActionErase}

// Permission is one action on one resource.
type Permission struct {
	Resource Resource `json:"resource"`
	Action   Action   `json:"action"`
}

// Policy maps roles to the permissions they grant. It is immutable once
// built, so one Policy serves any number of goroutines.
type Policy struct {
	grants map[Role]map[Permission]bool
}

// NewPolicy builds a policy from a role → permissions table. Every role must
// be non-empty and every permission must name a known resource and action.
// Errors: *PolicyError.
func NewPolicy(grants map[Role][]Permission) (*Policy, error) {
	p := &Policy{grants: make(map[Role]map[Permission]bool, len(grants))}
	for role, perms := range grants {
		if role == "" {
			return nil, &PolicyError{Role: role, Field: "role", Value: "", Reason: "a role needs a name"}
		}
		set := make(map[Permission]bool, len(perms))
		for _, perm := range perms {
			if !slices.Contains(Resources, perm.Resource) {
				return nil, &PolicyError{Role: role, Field: "resource", Value: string(perm.Resource), Reason: "unknown resource"}
			}
			if !slices.Contains(Actions, perm.Action) {
				return nil, &PolicyError{Role: role, Field: "action", Value: string(perm.Action), Reason: "unknown action"}
			}
			set[perm] = true
		}
		p.grants[role] = set
	}
	return p, nil
}

// Allows reports whether any of pr's roles grants action on resource.
func (p *Policy) Allows(pr Principal, resource Resource, action Action) bool {
	perm := Permission{resource, action}
	for _, r := range pr.Roles {
		if p.grants[r][perm] {
			return true
		}
	}
	return false
}

// Grants reports whether role grants action on resource.
func (p *Policy) Grants(role Role, resource Resource, action Action) bool {
	return p.grants[role][Permission{resource, action}]
}

// Roles returns the roles the policy defines, sorted.
func (p *Policy) Roles() []Role {
	out := make([]Role, 0, len(p.grants))
	for r := range p.grants {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// Permissions returns what role grants, in the order of Resources and Actions.
func (p *Policy) Permissions(role Role) []Permission {
	var out []Permission
	for _, res := range Resources {
		for _, act := range Actions {
			if p.Grants(role, res, act) {
				out = append(out, Permission{res, act})
			}
		}
	}
	return out
}

// Authorize checks that the principal in ctx may perform action on
// resource, for operations outside the store (export, erasure, an API
// route). Errors: *ForbiddenError (wrapping ErrForbidden), also when ctx
// carries no principal.
func (p *Policy) Authorize(ctx context.Context, resource Resource, action Action) error {
	pr, ok := PrincipalFrom(ctx)
	if !ok {
		return &ForbiddenError{Resource: resource, Action: action}
	}
	if !p.Allows(pr, resource, action) {
		return &ForbiddenError{Principal: pr.ID, Roles: pr.Roles, Resource: resource, Action: action}
	}
	return nil
}
