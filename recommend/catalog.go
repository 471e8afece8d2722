package recommend

// Product is what the recommender needs to know about a catalogue item.
type Product struct {
	ID       string
	Category string
	Active   bool
}

// catalogIndex holds the catalogue aligned with an Interactions item index.
type catalogIndex struct {
	cat      []int32 // category index per item, -1 unknown
	names    []string
	inactive []bool
	byCat    map[string][]int32 // items per category, in item-index order
}

func newCatalogIndex(items *IDMap, products []Product) *catalogIndex {
	c := &catalogIndex{cat: make([]int32, items.Len()), inactive: make([]bool, items.Len()), byCat: map[string][]int32{}}
	for i := range c.cat {
		c.cat[i] = -1
	}
	names := map[string]int32{}
	for _, p := range products {
		i, ok := items.Index(p.ID)
		if !ok {
			continue
		}
		c.inactive[i] = !p.Active
		if p.Category == "" {
			continue
		}
		k, ok := names[p.Category]
		if !ok {
			k = int32(len(c.names))
			names[p.Category] = k
			c.names = append(c.names, p.Category)
		}
		c.cat[i] = k
	}
	for i, k := range c.cat {
		if k >= 0 {
			c.byCat[c.names[k]] = append(c.byCat[c.names[k]], int32(i))
		}
	}
	return c
}

func (c *catalogIndex) active(i int) bool { return i >= len(c.inactive) || !c.inactive[i] }

func (c *catalogIndex) category(i int) string {
	if i >= len(c.cat) || c.cat[i] < 0 {
		return ""
	}
	return c.names[c.cat[i]]
}
