package customer

import (
	"slices"
	"sort"
)

// MergedFromPrefix starts the attribute keys under which Merge keeps a merged
// profile's values that conflicted with the kept profile's:
// "merged_from.<merged ID>.<field>".
const MergedFromPrefix = "merged_from."

// Merge folds the profile drop into keep and returns the result, which keeps
// keep's ID and loses no data:
//   - fields empty in keep take drop's value;
//   - where both hold different values, keep's wins and drop's is kept in
//     Attributes under "merged_from.<drop ID>.<field>";
//   - addresses, tags and interests are united without duplicates;
//   - the consent histories are united in time order, so the latest decision
//     on each channel stays in force;
//   - CreatedAt is the earlier of the two, Version keep's.
//
// Neither argument is modified.
func Merge(keep, drop Customer) Customer {
	out := keep.Clone()
	d := drop.Clone()
	if out.Attributes == nil {
		out.Attributes = map[string]string{}
	}
	prefix := MergedFromPrefix + d.ID.String() + "."
	scalar := func(field string, dst *string, src string) {
		switch {
		case src == "" || src == *dst:
		case *dst == "":
			*dst = src
		default:
			out.Attributes[prefix+field] = src
		}
	}
	scalar("external_id", &out.ExternalID, d.ExternalID)
	if EmailKey(out.Email) != EmailKey(d.Email) {
		scalar("email", &out.Email, d.Email)
	}
	scalar("first_name", &out.FirstName, d.FirstName)
	scalar("last_name", &out.LastName, d.LastName)
	if NormalizePhone(out.Phone) != NormalizePhone(d.Phone) {
		scalar("phone", &out.Phone, d.Phone)
	}
	for k, v := range d.Attributes {
		if cur, ok := out.Attributes[k]; !ok {
			out.Attributes[k] = v
		} else if cur != v {
			out.Attributes[prefix+"attributes."+k] = v
		}
	}
	if len(out.Attributes) == 0 {
		out.Attributes = nil
	}
	for _, a := range d.Addresses {
		if !slices.Contains(out.Addresses, a) {
			out.Addresses = append(out.Addresses, a)
		}
	}
	out.Tags = normalizeLabels(append(out.Tags, d.Tags...))
	out.Interests = normalizeLabels(append(out.Interests, d.Interests...))
	out.Consents = append(out.Consents, d.Consents...)
	sort.SliceStable(out.Consents, func(i, j int) bool { return out.Consents[i].At.Before(out.Consents[j].At) })
	if !d.CreatedAt.IsZero() && (out.CreatedAt.IsZero() || d.CreatedAt.Before(out.CreatedAt)) {
		out.CreatedAt = d.CreatedAt
	}
	return out
}
