package recommend

// IDMap maps a shop's string IDs (customer or product IDs) to dense indices 0..Len()-1
// and back. Indices are handed out in order of first appearance. An IDMap is safe for
// concurrent reads once built; Add must not run concurrently with other calls.
type IDMap struct {
	ids   []string
	index map[string]int
}

// NewIDMap returns an empty map.
func NewIDMap() *IDMap { return &IDMap{index: map[string]int{}} }

// Add returns the index of id, assigning the next free index when id is new.
func (m *IDMap) Add(id string) int {
	if i, ok := m.index[id]; ok {
		return i
	}
	i := len(m.ids)
	m.ids = append(m.ids, id)
	m.index[id] = i
	return i
}

// Index returns the dense index of id and whether id is known.
func (m *IDMap) Index(id string) (int, bool) {
	i, ok := m.index[id]
	return i, ok
}

// ID returns the shop ID at dense index i; it panics if i is out of range.
func (m *IDMap) ID(i int) string { return m.ids[i] }

// Len returns the number of IDs in the map.
func (m *IDMap) Len() int { return len(m.ids) }

// IDs returns a copy of all IDs in index order.
func (m *IDMap) IDs() []string { return append([]string(nil), m.ids...) }

func idMapFrom(ids []string) *IDMap {
	m := &IDMap{ids: ids, index: make(map[string]int, len(ids))}
	for i, id := range ids {
		m.index[id] = i
	}
	return m
}
