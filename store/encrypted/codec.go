package encrypted

import (
	"bytes"
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/crmkit/crmkit/customer"
	"github.com/google/uuid"
)

// attrPrefix starts the attribute keys that carry ciphertexts in the inner
// store. Profiles written through the wrapper may not use it.
const attrPrefix = "crmkit.pii."

// chunkLen is the longest attribute value the inner store accepts; longer
// ciphertexts are split over numbered keys.
const chunkLen = customer.MaxAttributeLen

// state is the personal data of a profile that is encrypted: e-mail, phone,
// addresses, and the attributes that hold copies of an e-mail or phone
// (those customer.Merge keeps as "merged_from.<ID>.email" and ".phone").
// state.go has its byte layout.
type state struct {
	Email      string
	Phone      string
	Addresses  []customer.Address
	Attributes map[string]string
}

// isSensitiveAttr reports whether an attribute holds a copy of an e-mail or
// phone left by a merge, and so is encrypted with the e-mail and phone.
func isSensitiveAttr(key string) bool {
	return strings.HasPrefix(key, customer.MergedFromPrefix) &&
		(strings.HasSuffix(key, ".email") || strings.HasSuffix(key, ".phone"))
}

// split separates a plaintext profile's encrypted state from its plain
// attributes.
func split(c *customer.Customer) (state, map[string]string) {
	st := state{Email: c.Email, Phone: c.Phone, Addresses: c.Addresses}
	plain := make(map[string]string, len(c.Attributes))
	for k, v := range c.Attributes {
		if isSensitiveAttr(k) {
			if st.Attributes == nil {
				st.Attributes = map[string]string{}
			}
			st.Attributes[k] = v
		} else {
			plain[k] = v
		}
	}
	return st, plain
}

// blobKey returns the attribute key (before the chunk number) of the state
// of source held for target.
func blobKey(kind byte, target, source uuid.UUID) string {
	if kind == kindOwn {
		return attrPrefix + compactID(target) + ".o"
	}
	return attrPrefix + compactID(target) + ".m." + compactID(source)
}

// parseBlobKey reverses blobKey on a key with its chunk number.
func parseBlobKey(key string) (base string, chunk int, kind byte, target, source uuid.UUID, err error) {
	dot := strings.LastIndexByte(key, '.')
	if dot < 0 {
		return "", 0, 0, target, source, fmt.Errorf("attribute %q has no chunk number", key)
	}
	base = key[:dot]
	// A profile has at most customer.MaxAttributes attributes, so no
	// larger chunk number is genuine.
	if chunk, err = strconv.Atoi(key[dot+1:]); err != nil || chunk < 0 || chunk >= customer.MaxAttributes {
		return "", 0, 0, target, source, fmt.Errorf("attribute %q has a bad chunk number", key)
	}
	parts := strings.Split(strings.TrimPrefix(base, attrPrefix), ".")
	ok := false
	switch {
	case len(parts) == 2 && parts[1] == "o":
		kind = kindOwn
		target, ok = parseCompactID(parts[0])
		source = target
	case len(parts) == 3 && parts[1] == "m":
		kind = kindMerge
		if target, ok = parseCompactID(parts[0]); ok {
			source, ok = parseCompactID(parts[2])
		}
	}
	if !ok {
		return "", 0, 0, target, source, fmt.Errorf("attribute %q is not a ciphertext key", key)
	}
	return base, chunk, kind, target, source, nil
}

// sealState encrypts st as the state of source held for target at version
// stamp and stores it, in chunks, in attrs.
func (kr *Keyring) sealState(attrs map[string]string, kind byte, target, source uuid.UUID, stamp int64, st state) error {
	text, err := kr.seal(header{kind: kind, target: target, source: source, stamp: stamp}, st.marshal())
	if err != nil {
		return err
	}
	base := blobKey(kind, target, source)
	for n := 0; len(text) > 0; n++ {
		part := text[:min(chunkLen, len(text))]
		text = text[len(part):]
		attrs[base+"."+strconv.Itoa(n)] = part
	}
	return nil
}

// encode returns the inner form of p, a normalised and valid profile with
// its ID set, that the inner store will hold at version stamp: the blind
// token for the e-mail, a marker for the phone, no addresses, and the
// encrypted state among the attributes.
func (w *encStore) encode(p customer.Customer, stamp int64) (customer.Customer, error) {
	st, plain := split(&p)
	for k := range plain {
		if strings.HasPrefix(k, attrPrefix) {
			return customer.Customer{}, &customer.ValidationError{Field: "attributes", Value: k, Reason: "attribute names starting with " + attrPrefix + " are reserved for encrypted data"}
		}
	}
	if err := w.keys.sealState(plain, kindOwn, p.ID, p.ID, max(stamp, 1), st); err != nil {
		return customer.Customer{}, err
	}
	if len(plain) > customer.MaxAttributes {
		return customer.Customer{}, &customer.ValidationError{Field: "attributes", Value: strconv.Itoa(len(p.Attributes)),
			Reason: fmt.Sprintf("more than %d attributes with the %d that hold the encrypted personal data", customer.MaxAttributes, len(plain)-len(p.Attributes)+len(st.Attributes))}
	}
	e := p
	e.Email, e.Phone, e.Addresses, e.Attributes = "", "", nil, plain
	if st.Email != "" {
		e.Email = emailToken(w.keys.index, st.Email)
	}
	if st.Phone != "" {
		e.Phone = phoneMarker
	}
	return e, nil
}

// decodeInfo tells Rotate what a profile needs.
type decodeInfo struct {
	plaintext bool // written before encryption; read under AllowPlaintext
	oldKey    bool // some ciphertext is under a key other than the primary
	oldIndex  bool // the e-mail token is under an older index key
	merged    bool // holds merged-in states or leftovers of a merge
}

type opened struct {
	h  header
	st state
}

// decode returns the plaintext profile of r, read from the inner store.
// Errors: ErrUnknownKey, ErrAuthentication, ErrMalformed, ErrInconsistent,
// ErrNotEncrypted.
func (w *encStore) decode(r customer.Customer) (customer.Customer, decodeInfo, error) {
	var info decodeInfo
	plain := make(map[string]string, len(r.Attributes))
	chunks := map[string][]string{}
	kinds := map[string]header{}
	for k, v := range r.Attributes {
		switch {
		case strings.HasPrefix(k, attrPrefix):
			base, n, kind, target, source, err := parseBlobKey(k)
			if err != nil {
				return customer.Customer{}, info, fmt.Errorf("%w: customer %s: %v", ErrMalformed, r.ID, err)
			}
			if target != r.ID {
				// A state that a merged profile held for itself or was to
				// hand on elsewhere: superseded, dropped at the next write.
				info.merged = true
				continue
			}
			parts := chunks[base]
			for len(parts) <= n {
				parts = append(parts, "")
			}
			parts[n] = v
			chunks[base] = parts
			kinds[base] = header{kind: kind, target: target, source: source}
		case isSensitiveAttr(k) && isToken(v):
			// The inner store's merge kept the dropped profile's token as
			// "merged_from.<ID>.email"; the encrypted state has the address.
			info.merged = true
		default:
			plain[k] = v
		}
	}
	if len(chunks) == 0 {
		if w.opts.AllowPlaintext && !isToken(r.Email) {
			// Leftovers of merges are dropped here too, so that a write
			// of what is read is accepted.
			info.plaintext = true
			if len(plain) == 0 {
				plain = nil
			}
			r.Attributes = plain
			return r, info, nil
		}
		return customer.Customer{}, info, fmt.Errorf("%w: customer %s holds no ciphertext (set Options.AllowPlaintext to read it, and Rotate to encrypt it)", ErrNotEncrypted, r.ID)
	}
	states := make([]opened, 0, len(chunks))
	for base, parts := range chunks {
		if slices.Contains(parts, "") {
			return customer.Customer{}, info, fmt.Errorf("%w: customer %s: a chunk of %s is missing", ErrMalformed, r.ID, base)
		}
		h, pt, err := w.keys.open(r.ID, strings.Join(parts, ""))
		if err != nil {
			return customer.Customer{}, info, err
		}
		if want := kinds[base]; h.kind != want.kind || h.target != want.target || h.source != want.source {
			return customer.Customer{}, info, fmt.Errorf("%w: customer %s holds, in its own attribute, a ciphertext bound to customer %s", ErrAuthentication, r.ID, h.target)
		}
		st, err := unmarshalState(pt)
		if err != nil {
			return customer.Customer{}, info, fmt.Errorf("%w: customer %s: ciphertext under key %q: %v", ErrMalformed, r.ID, h.keyID, err)
		}
		if h.keyID != w.keys.primary {
			info.oldKey = true
		}
		states = append(states, opened{h: h, st: st})
	}
	st := fold(r.ID, states)
	if len(states) > 1 || states[0].h.kind != kindOwn {
		info.merged = true
	}
	if err := w.consistent(&r, &st, &info); err != nil {
		return customer.Customer{}, info, err
	}
	for k, v := range st.Attributes {
		plain[k] = v
	}
	if len(plain) == 0 {
		plain = nil
	}
	r.Email, r.Phone, r.Addresses, r.Attributes = st.Email, st.Phone, st.Addresses, plain
	return r, info, nil
}

// fold applies the states in the order they were written: a profile's own
// state replaces what came before; a merged-in state is folded in as
// customer.Merge folds the dropped profile into the kept one. States are
// stamped with the version the profile reached when they were written, so
// the order is the order of the inner store's writes.
func fold(id uuid.UUID, states []opened) state {
	slices.SortFunc(states, func(a, b opened) int {
		if c := cmp.Compare(a.h.stamp, b.h.stamp); c != 0 {
			return c
		}
		if a.h.kind != b.h.kind {
			if a.h.kind == kindOwn {
				return -1
			}
			return 1
		}
		return bytes.Compare(a.h.source[:], b.h.source[:])
	})
	var st state
	for _, o := range states {
		if o.h.kind == kindOwn {
			st = o.st
			continue
		}
		st = mergeStates(id, st, o.h.source, o.st)
	}
	return st
}

// mergeStates folds the state of dropID into that of keepID with
// customer.Merge, so the encrypted fields merge exactly as plaintext ones.
func mergeStates(keepID uuid.UUID, keep state, dropID uuid.UUID, drop state) state {
	m := customer.Merge(
		customer.Customer{ID: keepID, Email: keep.Email, Phone: keep.Phone, Addresses: keep.Addresses, Attributes: keep.Attributes},
		customer.Customer{ID: dropID, Email: drop.Email, Phone: drop.Phone, Addresses: drop.Addresses, Attributes: drop.Attributes},
	)
	m.Normalize()
	return state{Email: m.Email, Phone: m.Phone, Addresses: m.Addresses, Attributes: maps.Clone(m.Attributes)}
}

// consistent checks the inner profile's token and phone marker against the
// decrypted state, so that ciphertexts removed or swapped in the database
// are noticed rather than read as a profile without an e-mail.
func (w *encStore) consistent(r *customer.Customer, st *state, info *decodeInfo) error {
	switch {
	case r.Email == "" && st.Email != "", r.Email != "" && st.Email == "":
		return fmt.Errorf("%w: customer %s: e-mail token and encrypted e-mail are not both present", ErrInconsistent, r.ID)
	case r.Email != "":
		k, ok := w.keys.tokenKey(st.Email, r.Email)
		if !ok {
			return fmt.Errorf("%w: customer %s: the e-mail token matches the encrypted e-mail under no index key of the keyring", ErrInconsistent, r.ID)
		}
		info.oldIndex = k.ID != w.keys.index.ID
	}
	if (r.Phone == "") != (st.Phone == "") || r.Phone != "" && r.Phone != phoneMarker {
		return fmt.Errorf("%w: customer %s: phone marker and encrypted phone disagree", ErrInconsistent, r.ID)
	}
	if len(r.Addresses) > 0 {
		return fmt.Errorf("%w: customer %s: the inner store holds plaintext addresses", ErrInconsistent, r.ID)
	}
	return nil
}
