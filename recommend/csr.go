package recommend

import "slices"

// CSR is a sparse matrix in compressed sparse row form: the entries of row r are at
// positions Ptr[r]..Ptr[r+1]-1 of Ind (column indices, ascending) and Val (values).
type CSR struct {
	Rows, Cols int
	Ptr        []int
	Ind        []int32
	Val        []float64
}

// Row is a sparse vector: item indices in ascending order with their values. A user's
// history is a Row.
type Row struct {
	Ind []int32
	Val []float64
}

// Len returns the number of entries.
func (r Row) Len() int { return len(r.Ind) }

// Row returns row r as a Row sharing the matrix's storage (do not modify it).
func (m *CSR) Row(r int) Row {
	a, b := m.Ptr[r], m.Ptr[r+1]
	return Row{Ind: m.Ind[a:b:b], Val: m.Val[a:b:b]}
}

// NNZ returns the number of stored entries.
func (m *CSR) NNZ() int { return len(m.Ind) }

// At returns the value at (r, c), zero when no entry is stored.
func (m *CSR) At(r, c int) float64 {
	row := m.Row(r)
	if k, ok := slices.BinarySearch(row.Ind, int32(c)); ok {
		return row.Val[k]
	}
	return 0
}

// Transpose returns the transpose as a new CSR (equivalently, m in CSC form).
func (m *CSR) Transpose() *CSR {
	t := &CSR{Rows: m.Cols, Cols: m.Rows, Ptr: make([]int, m.Cols+1), Ind: make([]int32, len(m.Ind)), Val: make([]float64, len(m.Val))}
	for _, c := range m.Ind {
		t.Ptr[c+1]++
	}
	for c := 0; c < m.Cols; c++ {
		t.Ptr[c+1] += t.Ptr[c]
	}
	next := slices.Clone(t.Ptr[:m.Cols])
	for r := 0; r < m.Rows; r++ {
		for k := m.Ptr[r]; k < m.Ptr[r+1]; k++ {
			c := m.Ind[k]
			p := next[c]
			t.Ind[p] = int32(r)
			t.Val[p] = m.Val[k]
			next[c]++
		}
	}
	return t
}

// Binary returns a copy of m with every stored value set to 1.
func (m *CSR) Binary() *CSR {
	b := &CSR{Rows: m.Rows, Cols: m.Cols, Ptr: m.Ptr, Ind: m.Ind, Val: make([]float64, len(m.Val))}
	for i := range b.Val {
		b.Val[i] = 1
	}
	return b
}

// triplet is one (row, column, value) entry used while assembling a CSR.
type triplet struct {
	r, c int32
	v    float64
	t    int64
}

// csrFromTriplets assembles a CSR from entries with distinct (r, c) pairs; it also
// returns the t field of every entry in storage order.
func csrFromTriplets(rows, cols int, ts []triplet) (*CSR, []int64) {
	slices.SortFunc(ts, func(a, b triplet) int {
		if a.r != b.r {
			return int(a.r - b.r)
		}
		return int(a.c - b.c)
	})
	m := &CSR{Rows: rows, Cols: cols, Ptr: make([]int, rows+1), Ind: make([]int32, len(ts)), Val: make([]float64, len(ts))}
	times := make([]int64, len(ts))
	for k, e := range ts {
		m.Ptr[e.r+1]++
		m.Ind[k] = e.c
		m.Val[k] = e.v
		times[k] = e.t
	}
	for r := 0; r < rows; r++ {
		m.Ptr[r+1] += m.Ptr[r]
	}
	return m, times
}
