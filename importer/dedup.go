package importer

import "hash/maphash"

// lineHasher hashes whole records with two independent seeds: 128 bits make
// a false "duplicate" practically impossible.
type lineHasher struct{ a, b maphash.Hash }

func (h *lineHasher) sum(rec []string) [2]uint64 {
	h.a.Reset()
	h.b.Reset()
	for _, f := range rec {
		h.a.WriteString(f)
		h.a.WriteByte(0x1f)
		h.b.WriteString(f)
		h.b.WriteByte(0x1f)
	}
	return [2]uint64{h.a.Sum64(), h.b.Sum64()}
}

// hashSet holds the line hashes of one invoice: a short list searched in
// order, turned into a map once the invoice grows long.
type hashSet struct {
	small [][2]uint64
	big   map[[2]uint64]struct{}
}

// add adds k and reports whether it was new.
func (s *hashSet) add(k [2]uint64) bool {
	if s.big != nil {
		if _, ok := s.big[k]; ok {
			return false
		}
		s.big[k] = struct{}{}
		return true
	}
	for _, x := range s.small {
		if x == k {
			return false
		}
	}
	s.small = append(s.small, k)
	if len(s.small) > 32 {
		s.big = make(map[[2]uint64]struct{}, 2*len(s.small))
		for _, x := range s.small {
			s.big[x] = struct{}{}
		}
		s.small = nil
	}
	return true
}

// candidates indexes the purchases that some cancellation may return: those
// of a customer and product that occur in a cancellation. Lines of the same
// product on the same order part are pooled.
func (p *plan) candidates() map[custProduct][]*candidate {
	index := map[custProduct][]*candidate{}
	for _, c := range p.cancels {
		index[custProduct{c.customer, c.product}] = nil
	}
	for _, b := range p.bought {
		list, wanted := index[b.key]
		if !wanted {
			continue
		}
		if n := len(list); n > 0 && list[n-1].part == b.part {
			list[n-1].left += b.qty
		} else {
			index[b.key] = append(list, &candidate{part: b.part, left: b.qty})
		}
	}
	return index
}
