package access

import (
	"strings"
)

// String renders the policy as a table: one row per role and resource, a
// column per action, "x" where granted. It prints the policy under review.
func (p *Policy) String() string {
	var b strings.Builder
	b.WriteString("role       resource   ")
	for _, a := range Actions {
		b.WriteString(pad(string(a), 7))
	}
	b.WriteString("\n")
	for _, role := range p.Roles() {
		for _, res := range Resources {
			b.WriteString(pad(string(role), 11))
			b.WriteString(pad(string(res), 11))
			for _, a := range Actions {
				cell := "-"
				if p.Grants(role, res, a) {
					cell = "x"
				}
				b.WriteString(pad(cell, 7))
			}
			b.WriteString("\n")
		}
	}
	lines := strings.Split(b.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

func pad(s string, n int) string {
	if len(s) >= n {
		return s + " "
	}
	return s + strings.Repeat(" ", n-len(s))
}
