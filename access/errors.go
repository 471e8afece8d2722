package access

import (
	"errors"
	"fmt"
	"strings"
)

// ErrForbidden is wrapped by every refusal of the access layer; check with
// errors.Is. The concrete error is a *ForbiddenError naming who asked for what.
var ErrForbidden = errors.New("access: forbidden")

// ForbiddenError reports a refused operation: the principal (empty ID when
// the context carried none), its roles, and the permission it lacked.
type ForbiddenError struct {
	Principal string
	Roles     []Role
	Resource  Resource
	Action    Action
}

// Error names the principal, its roles, the action and the resource.
func (e *ForbiddenError) Error() string {
	if e.Principal == "" && len(e.Roles) == 0 {
		return fmt.Sprintf("access: forbidden: no principal in the context may not %s %s", e.Action, e.Resource)
	}
	roles := make([]string, len(e.Roles))
	for i, r := range e.Roles {
		roles[i] = string(r)
	}
	return fmt.Sprintf("access: forbidden: principal %q (roles %s) may not %s %s",
		e.Principal, strings.Join(roles, ","), e.Action, e.Resource)
}

// Unwrap makes errors.Is(err, ErrForbidden) true.
func (e *ForbiddenError) Unwrap() error { return ErrForbidden }

// PolicyError reports a grant that names an unknown role, resource or action.
type PolicyError struct {
	Role   Role
	Field  string // "role", "resource" or "action"
	Value  string
	Reason string
}

// Error names the role, the field at fault and its value.
func (e *PolicyError) Error() string {
	return fmt.Sprintf("access: invalid policy: role %q: %s %q: %s", e.Role, e.Field, e.Value, e.Reason)
}
