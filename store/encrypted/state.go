package encrypted

import (
	"encoding/binary"
	"errors"
	"maps"
	"slices"

	"github.com/crmkit/crmkit/customer"
)

// The sealed bytes of format e1 are a state in a small binary layout,
// chosen over JSON because every read decodes one and JSON took most of
// the wrapper's time. Every string is its byte length as a uvarint followed
// by its bytes; every count is a uvarint:
//
//	0x01                       layout version
//	email, phone               strings
//	n, n × address             count; each address is the seven strings
//	                           kind, line1, line2, city, region, postal code, country
//	m, m × (key, value)        count; attributes sorted by key

const stateLayout = 0x01

var errStateLayout = errors.New("bad state layout")

// marshal encodes st in the layout above.
func (st *state) marshal() []byte {
	n := 16 + len(st.Email) + len(st.Phone)
	for _, a := range st.Addresses {
		n += 7*2 + len(a.Kind) + len(a.Line1) + len(a.Line2) + len(a.City) + len(a.Region) + len(a.PostalCode) + len(a.Country)
	}
	for k, v := range st.Attributes {
		n += 4 + len(k) + len(v)
	}
	b := make([]byte, 0, n)
	b = append(b, stateLayout)
	b = appendString(b, st.Email)
	b = appendString(b, st.Phone)
	b = binary.AppendUvarint(b, uint64(len(st.Addresses)))
	for _, a := range st.Addresses {
		for _, s := range [...]string{a.Kind, a.Line1, a.Line2, a.City, a.Region, a.PostalCode, a.Country} {
			b = appendString(b, s)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(st.Attributes)))
	for _, k := range slices.Sorted(maps.Keys(st.Attributes)) {
		b = appendString(b, k)
		b = appendString(b, st.Attributes[k])
	}
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// unmarshalState decodes what marshal wrote. Errors: errStateLayout for
// anything else, truncated or with bytes left over.
func unmarshalState(b []byte) (state, error) {
	var st state
	if len(b) == 0 || b[0] != stateLayout {
		return st, errStateLayout
	}
	r := stateReader{b: b[1:]}
	st.Email = r.string()
	st.Phone = r.string()
	if n := r.count(); n > 0 {
		st.Addresses = make([]customer.Address, n)
		for i := range st.Addresses {
			a := &st.Addresses[i]
			for _, f := range [...]*string{&a.Kind, &a.Line1, &a.Line2, &a.City, &a.Region, &a.PostalCode, &a.Country} {
				*f = r.string()
			}
		}
	}
	if n := r.count(); n > 0 {
		st.Attributes = make(map[string]string, n)
		for range n {
			k := r.string()
			st.Attributes[k] = r.string()
		}
	}
	if r.bad || len(r.b) != 0 {
		return state{}, errStateLayout
	}
	return st, nil
}

// stateReader reads the layout, remembering the first fault instead of
// returning it from every call.
type stateReader struct {
	b   []byte
	bad bool
}

func (r *stateReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.bad = true
		r.b = nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *stateReader) string() string {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.bad = true
		r.b = nil
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

// count reads a count, refusing one larger than the bytes left could hold
// (every element takes at least one byte), so damaged data cannot make it
// allocate without bound.
func (r *stateReader) count() int {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.bad = true
		r.b = nil
		return 0
	}
	return int(n)
}
