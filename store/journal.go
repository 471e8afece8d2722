package store

import (
	"context"
	"encoding/json"
	"iter"
	"time"

	"github.com/google/uuid"
)

// A Journal is the store's own record of every write, kept in the same
// transaction as the write: if the write is committed its change is there,
// and if it is rolled back, so is the change. It serves two readers. The
// audit trail (package audit) checks the hash chain and answers "who changed
// what"; the workflow engine reads it as a transactional outbox, so a crash
// between a write and the action it triggers loses nothing.
//
// Changes are numbered by Seq in commit order: a reader that has seen every
// change up to Seq n and asks for those after n never misses one committed
// later with a smaller number. Each change carries the hash of its
// predecessor, so removing or altering a recorded change breaks the chain.
//
// The backends in this module implement Journal; decorators forward it.
type Journal interface {
	// Changes scans recorded changes matching f in ascending Seq order.
	// Errors are yielded: backend failures, ErrClosed.
	Changes(ctx context.Context, f ChangeFilter) iter.Seq2[Change, error]
	// JournalHead returns the Seq and Hash of the newest change (0 and the
	// zero Digest for an empty journal). A host may keep the head elsewhere
	// as an anchor: a chain that verifies and still contains the anchored
	// change has not been cut short.
	JournalHead(ctx context.Context) (seq int64, hash Digest, err error)
}

// Op names the kind of write a Change records.
type Op string

// The operations a Journal records.
const (
	OpCreate Op = "create" // one new record (CreateCustomer, CreateOrder, CreateReturn, each of a batch)
	OpUpdate Op = "update" // a record replaced (UpdateCustomer, UpdateOrder, UpdateReturn)
	OpDelete Op = "delete" // a record removed (DeleteCustomer, DeleteOrder)
	OpMerge  Op = "merge"  // MergeCustomers: EntityID is the kept profile, Detail["dropped"] the other
	OpAppend Op = "append" // one behaviour event appended
	OpUpsert Op = "upsert" // one product stored by UpsertProducts
	OpLoad   Op = "load"   // a bulk load (BulkLoader, store.Load): one change per kind, Count records
)

// Entity names the kind of record a Change is about.
type Entity string

// The record kinds of a Store.
const (
	EntityCustomer Entity = "customer"
	EntityOrder    Entity = "order"
	EntityReturn   Entity = "return"
	EntityProduct  Entity = "product"
	EntityEvent    Entity = "event"
)

// Digest is a SHA-256 sum.
type Digest [32]byte

// Change is one recorded write.
type Change struct {
	// Seq numbers changes from 1 in commit order, without gaps.
	Seq int64 `json:"seq"`
	// At is the store's clock at the write, in UTC, truncated to microseconds
	// so that every backend round-trips it exactly.
	At time.Time `json:"at"`
	// Actor is who made the write, from WithActor on the write's context;
	// empty when the context carries none.
	Actor  string `json:"actor,omitempty"`
	Op     Op     `json:"op"`
	Entity Entity `json:"entity"`
	// EntityID is the record's ID (a UUID's string form, or a product ID);
	// empty for OpLoad.
	EntityID string `json:"entity_id,omitempty"`
	// CustomerID is the customer the record belongs to (uuid.Nil for
	// products, anonymous events and loads).
	CustomerID uuid.UUID `json:"customer_id,omitempty"`
	// Count is the number of records the change covers: 1, or the size of a
	// bulk load.
	Count int `json:"count"`
	// Detail holds facts a trigger needs without reading the record, never
	// personal data: "status.from" and "status.to" on order and return
	// updates, "kind" on events, "dropped" on merges.
	Detail map[string]string `json:"detail,omitempty"`
	// Before and After are the SHA-256 of the record's canonical JSON before
	// and after the write; zero where there was no record.
	Before Digest `json:"before"`
	After  Digest `json:"after"`
	// PrevHash is the Hash of change Seq-1 (zero for the first); Hash is
	// ChainHash(PrevHash, change).
	PrevHash Digest `json:"prev_hash"`
	Hash     Digest `json:"hash"`
	// BeforeData and AfterData are the record's JSON before and after the
	// write, for customers, orders and returns; nil otherwise, nil for a
	// profile's delete (CustomerChange says why), and nil once erased for
	// privacy. They are not covered by the hash, so erasing them
	// keeps the chain verifiable: the digests still prove what was there.
	BeforeData json.RawMessage `json:"before_data,omitempty"`
	AfterData  json.RawMessage `json:"after_data,omitempty"`
}

// ChangeFilter selects changes. Zero fields do not restrict.
type ChangeFilter struct {
	// AfterSeq selects changes with Seq > AfterSeq: the reader's position.
	AfterSeq   int64
	CustomerID uuid.UUID
	Actor      string
	Entity     Entity
	// EntityID selects one record's changes. The SQL backends index it for
	// every kind but events, and use the index when Entity is set too.
	EntityID string
	// Since and Until bound At, half-open: Since <= At < Until.
	Since, Until time.Time
	// Limit caps the number of changes yielded; 0 means no limit.
	Limit int
}

type actorKey struct{}

// WithActor returns a context whose writes the Journal attributes to actor
// (a user name, an API key's name, "workflow").
func WithActor(ctx context.Context, actor string) context.Context {
	return context.WithValue(ctx, actorKey{}, actor)
}

// ActorFrom returns the actor set by WithActor, or "".
func ActorFrom(ctx context.Context) string {
	a, _ := ctx.Value(actorKey{}).(string)
	return a
}

// PayloadScrubber is implemented by stores whose Journal can drop the
// recorded payloads (BeforeData, AfterData) of every change up to a point
// in one step — what turning on encryption at rest needs, since the
// payloads recorded before it hold the plaintext. The digests stay, so the
// chain still verifies. The backends in this module implement it.
type PayloadScrubber interface {
	// ScrubPayloads clears the payloads of every change with Seq <=
	// throughSeq and returns how many changes had any. Errors: ErrClosed,
	// backend failures.
	ScrubPayloads(ctx context.Context, throughSeq int64) (int, error)
}
