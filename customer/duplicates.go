package customer

import (
	"sort"

	"github.com/google/uuid"
)

// DuplicateGroup is a set of profiles that belong to the same person: they
// share a normalised e-mail or phone, directly or through a chain of profiles.
// IDs are in the order the profiles were given; Reasons names the keys that
// matched, e.g. "email:ada@example.com".
type DuplicateGroup struct {
	IDs     []uuid.UUID
	Reasons []string
}

// FindDuplicates groups profiles that share an e-mail key or a normalised
// phone. Matches are transitive: if A shares an e-mail with B and B a phone
// with C, all three form one group. Profiles without a match are left out.
// Groups come in the order of their first profile.
func FindDuplicates(customers []Customer) []DuplicateGroup {
	parent := make([]int, len(customers))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(a, b int) {
		ra, rb := find(a), find(b)
		if ra < rb {
			parent[rb] = ra
		} else if rb < ra {
			parent[ra] = rb
		}
	}

	firstByKey := map[string]int{}
	matched := map[string]bool{}
	for i, c := range customers {
		keys := make([]string, 0, 2)
		if c.Email != "" {
			keys = append(keys, "email:"+EmailKey(c.Email))
		}
		if p := NormalizePhone(c.Phone); p != "" {
			keys = append(keys, "phone:"+p)
		}
		for _, k := range keys {
			if j, ok := firstByKey[k]; ok {
				union(i, j)
				matched[k] = true
			} else {
				firstByKey[k] = i
			}
		}
	}

	members := map[int][]int{}
	for i := range customers {
		r := find(i)
		members[r] = append(members[r], i)
	}
	reasons := map[int][]string{}
	for k := range matched {
		r := find(firstByKey[k])
		reasons[r] = append(reasons[r], k)
	}
	roots := make([]int, 0, len(members))
	for r, m := range members {
		if len(m) > 1 {
			roots = append(roots, r)
		}
	}
	sort.Ints(roots)
	groups := make([]DuplicateGroup, 0, len(roots))
	for _, r := range roots {
		g := DuplicateGroup{}
		for _, i := range members[r] {
			g.IDs = append(g.IDs, customers[i].ID)
		}
		g.Reasons = reasons[r]
		sort.Strings(g.Reasons)
		groups = append(groups, g)
	}
	return groups
}
