package store

import (
	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/google/uuid"
)

// The builders below give every backend the same change for the same write.
// They fill what the record determines (Op, Entity, IDs, Count, Detail,
// digests and payloads); the backend adds Seq, At and Actor when it appends,
// then calls Seal.

// CustomerChange records a write of one profile; before or after is nil
// where there was no record. A delete keeps the digest of the removed
// profile but not its JSON: deleting is how a profile is erased
// (privacy.Erase), and the journal must not keep a copy of what the delete
// removed.
func CustomerChange(op Op, before, after *customer.Customer) (Change, error) {
	c := Change{Op: op, Entity: EntityCustomer, Count: 1}
	rec := before
	if after != nil {
		rec = after
	}
	c.EntityID, c.CustomerID = rec.ID.String(), rec.ID
	if op == OpDelete {
		return c, c.SetRecords(ptrAny(before), nil, false)
	}
	return c, c.SetRecords(ptrAny(before), ptrAny(after), true)
}

// MergeChange records MergeCustomers: the kept profile before and after,
// and the ID of the profile folded into it.
func MergeChange(before, after customer.Customer, dropped uuid.UUID) (Change, error) {
	c := Change{
		Op: OpMerge, Entity: EntityCustomer, EntityID: after.ID.String(), CustomerID: after.ID,
		Count: 1, Detail: map[string]string{DetailDropped: dropped.String()},
	}
	return c, c.SetRecords(before, after, true)
}

// OrderChange records a write of one order; before or after is nil where
// there was no record. An update that changes the status notes both in
// Detail.
func OrderChange(op Op, before, after *order.Order) (Change, error) {
	c := Change{Op: op, Entity: EntityOrder, Count: 1}
	rec := before
	if after != nil {
		rec = after
	}
	c.EntityID, c.CustomerID = rec.ID.String(), rec.CustomerID
	if before != nil && after != nil && before.Status != after.Status {
		c.Detail = map[string]string{DetailStatusFrom: string(before.Status), DetailStatusTo: string(after.Status)}
	}
	return c, c.SetRecords(ptrAny(before), ptrAny(after), true)
}

// ReturnChange records a write of one return, as OrderChange does for orders.
func ReturnChange(op Op, before, after *order.Return) (Change, error) {
	c := Change{Op: op, Entity: EntityReturn, Count: 1}
	rec := before
	if after != nil {
		rec = after
	}
	c.EntityID, c.CustomerID = rec.ID.String(), rec.CustomerID
	if before != nil && after != nil && before.Status != after.Status {
		c.Detail = map[string]string{DetailStatusFrom: string(before.Status), DetailStatusTo: string(after.Status)}
	}
	return c, c.SetRecords(ptrAny(before), ptrAny(after), true)
}

// ProductChange records one product stored by UpsertProducts. Before stays
// zero: an upsert does not read the product it may replace.
func ProductChange(p order.Product) (Change, error) {
	c := Change{Op: OpUpsert, Entity: EntityProduct, EntityID: p.ID, Count: 1}
	return c, c.SetRecords(nil, p, false)
}

// EventChange records one appended behaviour event, with its kind in
// Detail. The event's contents (search queries, review texts) are kept only
// as a digest.
func EventChange(e behavior.Event) (Change, error) {
	c := Change{
		Op: OpAppend, Entity: EntityEvent, EntityID: e.ID.String(), CustomerID: e.CustomerID,
		Count: 1, Detail: map[string]string{DetailKind: string(e.Kind)},
	}
	return c, c.SetRecords(nil, e, false)
}

// LoadChange records n records of one kind written by a bulk load.
func LoadChange(e Entity, n int) Change {
	return Change{Op: OpLoad, Entity: e, Count: n}
}

// LoadChanges returns the OpLoad changes of a load that wrote res: one per
// kind with at least one record, in the order products, customers, orders,
// returns, events.
func LoadChanges(res LoadResult) []Change {
	var cs []Change
	for _, k := range []struct {
		e Entity
		n int
	}{
		{EntityProduct, res.Products}, {EntityCustomer, res.Customers}, {EntityOrder, res.Orders},
		{EntityReturn, res.Returns}, {EntityEvent, res.Events},
	} {
		if k.n > 0 {
			cs = append(cs, LoadChange(k.e, k.n))
		}
	}
	return cs
}

// ptrAny turns a nil pointer into a nil interface, so SetRecords sees "no
// record" rather than JSON null.
func ptrAny[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}
