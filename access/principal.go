package access

import (
	"context"
	"slices"
)

// Role names a set of permissions in a Policy.
type Role string

// The roles of the default policy. A custom Policy may define others.
const (
	RoleAdmin    Role = "admin"    // everything, including deletion, export and erasure
	RoleSupport  Role = "support"  // a support agent: sees and edits customers, orders and returns
	RoleMarketer Role = "marketer" // campaigns and segments: behaviour and summaries, no personal data
	RoleAnalyst  Role = "analyst"  // read-only analytics without personal data
	RoleService  Role = "service"  // a service account syncing the shop: writes records, deletes nothing
)

// Roles lists the roles of the default policy.
var Roles = []Role{RoleAdmin, RoleSupport, RoleMarketer, RoleAnalyst, RoleService}

// Principal is who performs an operation: a person or a service account.
// Its permissions are the union of its roles' grants in the Policy.
type Principal struct {
	ID    string `json:"id"`
	Name  string `json:"name,omitempty"`
	Roles []Role `json:"roles"`
}

// HasRole reports whether the principal holds role r.
func (p Principal) HasRole(r Role) bool { return slices.Contains(p.Roles, r) }

type principalKey struct{}

// WithPrincipal returns a context carrying p. The wrapped store reads it on
// every call; a later change to p's Roles slice does not affect the context.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	p.Roles = slices.Clone(p.Roles)
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFrom returns the principal carried by ctx, and false when there
// is none.
func PrincipalFrom(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(Principal)
	if ok {
		p.Roles = slices.Clone(p.Roles)
	}
	return p, ok
}
