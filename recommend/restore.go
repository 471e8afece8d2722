package recommend

import (
	"fmt"
	"math"
)

func formatErr(what string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrFormat, fmt.Sprintf(what, args...))
}

// checkCSR verifies that m is a well-formed rows × cols matrix with finite values.
func checkCSR(m *CSR, rows, cols int, name string) error {
	if m == nil || m.Rows != rows || m.Cols != cols || len(m.Ptr) != rows+1 || len(m.Ind) != len(m.Val) || m.Ptr[0] != 0 || m.Ptr[rows] != len(m.Ind) {
		return formatErr("%s: inconsistent sparse matrix", name)
	}
	for r := 0; r < rows; r++ {
		if m.Ptr[r+1] < m.Ptr[r] {
			return formatErr("%s: row pointers decrease", name)
		}
		for k := m.Ptr[r]; k < m.Ptr[r+1]; k++ {
			if m.Ind[k] < 0 || int(m.Ind[k]) >= cols || (k > m.Ptr[r] && m.Ind[k] <= m.Ind[k-1]) {
				return formatErr("%s: column index out of range or unsorted", name)
			}
			if v := m.Val[k]; math.IsNaN(v) || math.IsInf(v, 0) {
				return formatErr("%s: non-finite value", name)
			}
		}
	}
	return nil
}

func finite(name string, xs []float64) error {
	for _, v := range xs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return formatErr("%s: non-finite value", name)
		}
	}
	return nil
}

func (s interactionsSnap) restore() (*Interactions, error) {
	nu, ni := len(s.Users), len(s.Items)
	if ni == 0 {
		return nil, formatErr("no items")
	}
	m, neg := s.M, s.Negative
	if m.Ptr == nil {
		m.Ptr = make([]int, nu+1)
	}
	if neg.Ptr == nil {
		neg.Ptr = make([]int, nu+1)
	}
	if err := checkCSR(&m, nu, ni, "interactions"); err != nil {
		return nil, err
	}
	if err := checkCSR(&neg, nu, ni, "negative feedback"); err != nil {
		return nil, err
	}
	if len(s.Last) != len(m.Ind) {
		return nil, formatErr("interaction times: %d for %d entries", len(s.Last), len(m.Ind))
	}
	users := idMapFrom(s.Users)
	items := idMapFrom(s.Items)
	delete(users.index, "") // forgotten users
	if items.Len() != len(items.index) {
		return nil, formatErr("duplicate item IDs")
	}
	return &Interactions{Users: users, Items: items, M: &m, Negative: &neg, Last: s.Last}, nil
}

func (s modelSnap) restore(in *Interactions) (Model, error) {
	ni, nu := in.NumItems(), in.NumUsers()
	switch s.Kind {
	case "mostpop":
		if len(s.Pop) != ni {
			return nil, formatErr("popularity: %d values for %d items", len(s.Pop), ni)
		}
		if err := finite("popularity", s.Pop); err != nil {
			return nil, err
		}
		m := &MostPop{Pop: s.Pop}
		m.init(in, m)
		return m, nil
	case "itemknn", "rp3beta":
		if err := checkCSR(s.W, ni, ni, "item similarities"); err != nil {
			return nil, err
		}
		if s.Kind == "itemknn" {
			m := &ItemKNN{itemSim: itemSim{W: s.W}}
			m.init(in, m)
			return m, nil
		}
		m := &RP3beta{itemSim: itemSim{W: s.W}}
		m.init(in, m)
		return m, nil
	case "ease":
		if s.N != ni || len(s.B) != ni*ni {
			return nil, formatErr("EASE weights: %d values for %d items", len(s.B), ni)
		}
		if err := finite("EASE weights", s.B); err != nil {
			return nil, err
		}
		m := &EASE{n: ni, B: s.B}
		m.init(in, m)
		return m, nil
	case "als":
		k := s.ALS.Factors
		if k <= 0 || len(s.X) != nu*k || len(s.Y) != ni*k || s.ALS.Lambda <= 0 || s.ALS.Alpha < 0 {
			return nil, formatErr("ALS factors: %d and %d values for %d users, %d items, %d factors", len(s.X), len(s.Y), nu, ni, k)
		}
		if err := finite("ALS factors", s.X); err != nil {
			return nil, err
		}
		if err := finite("ALS factors", s.Y); err != nil {
			return nil, err
		}
		return newALS(in, s.ALS, s.X, s.Y), nil
	case "blend":
		if len(s.Parts) == 0 || len(s.Parts) != len(s.Weights) {
			return nil, formatErr("blend: %d parts, %d weights", len(s.Parts), len(s.Weights))
		}
		parts := make([]Model, len(s.Parts))
		for k, p := range s.Parts {
			m, err := p.restore(in)
			if err != nil {
				return nil, err
			}
			parts[k] = m
		}
		b, err := NewBlend(in, parts, s.Weights)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrFormat, err)
		}
		return b, nil
	}
	return nil, formatErr("unknown model kind %q", s.Kind)
}
