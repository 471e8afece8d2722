package importer

import (
	"errors"

	"github.com/google/uuid"
)

// Sentinel errors of the importer.
var (
	// ErrMapping: the mapping does not fit the file (a column is missing) or is incomplete.
	ErrMapping = errors.New("importer: bad column mapping")
	// ErrFormat: the file cannot be read as CSV at all (no header, bad gzip).
	ErrFormat = errors.New("importer: unreadable file")
)

// GuestPolicy says which customer a line without a customer ID belongs to.
type GuestPolicy int

const (
	// GuestPerOrder gives every guest order its own customer, external ID
	// "guest-<order number>", tagged "guest". Guests are then one-time
	// buyers, which is what an order log without an ID can tell; analytics
	// that should leave them out filter on the tag.
	GuestPerOrder GuestPolicy = iota
	// GuestShared books all guest orders on one customer, external ID
	// "guest", tagged "guest".
	GuestShared
)

// DefaultNamespace seeds the deterministic IDs of imported records unless
// Options.Namespace is set.
var DefaultNamespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://github.com/crmkit/crmkit/importer"))

// Options tunes an import; the zero value (or nil) imports the UCI Online
// Retail format with defaults.
type Options struct {
	// Mapping of the file's columns; nil means OnlineRetail().
	Mapping *Mapping
	// Namespace for the deterministic (SHA-1 name-based) IDs of customers,
	// orders and returns; the same file imported twice with the same
	// namespace yields the same IDs, so the second run adds nothing.
	Namespace uuid.UUID
	// Guests says how lines without a customer ID are booked.
	Guests GuestPolicy
	// BatchOrders is the number of orders written per store.Load; default 5000.
	BatchOrders int
	// MaxRowErrors bounds the bad rows listed in the report (all are
	// counted); default 1000, negative means no limit.
	MaxRowErrors int
	// Progress, when set, is called from the importing goroutine after
	// every ProgressEvery lines and at the end of each phase.
	Progress func(Progress)
	// ProgressEvery is the number of lines between progress calls; default 50,000.
	ProgressEvery int
}

// Progress tells how far an import is.
type Progress struct {
	Phase   Phase // PhaseScan, then PhaseWrite
	Lines   int   // data lines read in this phase
	Orders  int   // orders handed to the store so far (PhaseWrite)
	Written int   // records the store accepted so far (PhaseWrite)
	Done    bool  // the phase is complete
}

// Phase is a stage of an import.
type Phase string

// The phases: the file is read twice, first to plan (duplicates, invoice
// extents, which purchase each cancellation returns), then to write.
const (
	PhaseScan  Phase = "scan"
	PhaseWrite Phase = "write"
)

func (o *Options) withDefaults() Options {
	var out Options
	if o != nil {
		out = *o
	}
	if out.Mapping == nil {
		m := OnlineRetail()
		out.Mapping = &m
	}
	if out.Namespace == uuid.Nil {
		out.Namespace = DefaultNamespace
	}
	if out.BatchOrders <= 0 {
		out.BatchOrders = 5000
	}
	if out.MaxRowErrors == 0 {
		out.MaxRowErrors = 1000
	}
	if out.ProgressEvery <= 0 {
		out.ProgressEvery = 50_000
	}
	return out
}
