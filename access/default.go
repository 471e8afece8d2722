package access

// DefaultPolicy returns the policy Wrap uses when given nil:
//
//	admin     every action on every resource, personal data and the audit
//	          trail (store.Journal) included
//	support   read and write customers, orders, returns, events; read products,
//	          summaries and stats; read and write personal data; export
//	          customers (answering a customer's request for their data)
//	marketer  read customers (masked), orders, returns, products, events,
//	          summaries and stats; write customers (tags, interests) and
//	          events; no personal data
//	analyst   read everything but personal data; export orders, events and
//	          summaries; write nothing
//	service   read and write customers, orders, returns, products and events
//	          with personal data (a shop backend syncing its records); read
//	          stats; no deletion, export or erasure
//
// Only admins read the audit trail: it names who changed what, and its
// payloads hold the records' personal data. Every role that reads summaries also reads orders and returns, so that
// summaries are allowed alike on backends that compute them themselves and
// on those where they come from scans through the wrapper.
func DefaultPolicy() *Policy {
	rw := func(rs ...Resource) []Permission {
		var out []Permission
		for _, r := range rs {
			out = append(out, Permission{r, ActionRead}, Permission{r, ActionWrite})
		}
		return out
	}
	read := func(rs ...Resource) []Permission {
		var out []Permission
		for _, r := range rs {
			out = append(out, Permission{r, ActionRead})
		}
		return out
	}
	var all []Permission
	for _, r := range Resources {
		for _, a := range Actions {
			all = append(all, Permission{r, a})
		}
	}
	cat := func(ps ...[]Permission) []Permission {
		var out []Permission
		for _, p := range ps {
			out = append(out, p...)
		}
		return out
	}
	p, err := NewPolicy(map[Role][]Permission{
		RoleAdmin: all,
		RoleSupport: cat(rw(ResourceCustomers, ResourceOrders, ResourceReturns, ResourceEvents, ResourcePII),
			read(ResourceProducts, ResourceSummaries, ResourceStats),
			[]Permission{{ResourceCustomers, ActionExport}}),
		RoleMarketer: cat(read(ResourceCustomers, ResourceOrders, ResourceReturns, ResourceProducts,
			ResourceEvents, ResourceSummaries, ResourceStats),
			[]Permission{{ResourceCustomers, ActionWrite}, {ResourceEvents, ActionWrite}}),
		RoleAnalyst: cat(read(ResourceCustomers, ResourceOrders, ResourceReturns, ResourceProducts,
			ResourceEvents, ResourceSummaries, ResourceStats),
			[]Permission{{ResourceOrders, ActionExport}, {ResourceEvents, ActionExport}, {ResourceSummaries, ActionExport}}),
		RoleService: cat(rw(ResourceCustomers, ResourceOrders, ResourceReturns, ResourceProducts, ResourceEvents, ResourcePII),
			read(ResourceStats)),
	})
	if err != nil {
		panic(err) // the table above is fixed: an error is a programming mistake
	}
	return p
}
