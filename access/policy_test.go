package access_test

import (
	"context"
	"strings"
	"testing"

	"github.com/crmkit/crmkit/access"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewPolicyRejectsUnknownNames(t *testing.T) {
	cases := []struct {
		grants map[access.Role][]access.Permission
		field  string
	}{
		{map[access.Role][]access.Permission{"": {custRead}}, "role"},
		{map[access.Role][]access.Permission{"x": {{Resource: "invoices", Action: access.ActionRead}}}, "resource"},
		{map[access.Role][]access.Permission{"x": {{Resource: access.ResourceOrders, Action: "approve"}}}, "action"},
	}
	for _, c := range cases {
		_, err := access.NewPolicy(c.grants)
		var pe *access.PolicyError
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, c.field, pe.Field)
		assert.Contains(t, err.Error(), c.field)
	}
}

func TestPolicyAllowsUnionOfRoles(t *testing.T) {
	pol := access.DefaultPolicy()
	both := access.Principal{ID: "x", Roles: []access.Role{access.RoleAnalyst, access.RoleSupport}}
	assert.True(t, pol.Allows(both, access.ResourcePII, access.ActionRead), "from support")
	assert.True(t, pol.Allows(both, access.ResourceOrders, access.ActionExport), "from analyst")
	assert.False(t, pol.Allows(both, access.ResourceCustomers, access.ActionErase))
	assert.False(t, pol.Allows(access.Principal{ID: "y", Roles: []access.Role{"unknown"}}, access.ResourceOrders, access.ActionRead))

	ctx := access.WithPrincipal(context.Background(), both)
	assert.NoError(t, pol.Authorize(ctx, access.ResourceCustomers, access.ActionExport))
	assert.ErrorIs(t, pol.Authorize(ctx, access.ResourceCustomers, access.ActionErase), access.ErrForbidden)
	assert.ErrorIs(t, pol.Authorize(context.Background(), access.ResourceOrders, access.ActionRead), access.ErrForbidden)
}

// TestDefaultPolicyTable pins the default policy: a change to it must be
// made here too, on purpose.
func TestDefaultPolicyTable(t *testing.T) {
	want := map[access.Role]string{
		access.RoleAdmin:    "customers:read,write,delete,export,erase orders:read,write,delete,export,erase returns:read,write,delete,export,erase products:read,write,delete,export,erase events:read,write,delete,export,erase summaries:read,write,delete,export,erase stats:read,write,delete,export,erase pii:read,write,delete,export,erase audit:read,write,delete,export,erase",
		access.RoleSupport:  "customers:read,write,export orders:read,write returns:read,write products:read events:read,write summaries:read stats:read pii:read,write",
		access.RoleMarketer: "customers:read,write orders:read returns:read products:read events:read,write summaries:read stats:read",
		access.RoleAnalyst:  "customers:read orders:read,export returns:read products:read events:read,export summaries:read,export stats:read",
		access.RoleService:  "customers:read,write orders:read,write returns:read,write products:read,write events:read,write stats:read pii:read,write",
	}
	pol := access.DefaultPolicy()
	assert.ElementsMatch(t, access.Roles, pol.Roles())
	for role, w := range want {
		var rows []string
		for _, res := range access.Resources {
			var acts []string
			for _, a := range access.Actions {
				if pol.Grants(role, res, a) {
					acts = append(acts, string(a))
				}
			}
			if acts != nil {
				rows = append(rows, string(res)+":"+strings.Join(acts, ","))
			}
		}
		assert.Equal(t, w, strings.Join(rows, " "), role)
	}
}

func TestPolicyString(t *testing.T) {
	pol, err := access.NewPolicy(map[access.Role][]access.Permission{"auditor": {custRead, {Resource: access.ResourceCustomers, Action: access.ActionExport}}})
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(pol.String()), "\n")
	require.Len(t, lines, 1+len(access.Resources))
	assert.Equal(t, "role       resource   read   write  delete export erase", lines[0])
	assert.Equal(t, "auditor    customers  x      -      -      x      -", lines[1])
	assert.Equal(t, "auditor    audit      -      -      -      -      -", lines[len(lines)-1])
}
