package access

// The wrapper's shapes: one type per subset of the optional interfaces
// (the capabilities of wrap_optional.go), so that the wrapper has exactly
// the optional methods of the store it wraps. Go builds a type's method set
// at compile time, hence a type per subset rather than one type with
// fields that may be empty.

import "github.com/crmkit/crmkit/store"

// shape returns the wrapper for the capabilities present in c.
func (c caps) shape(g *guard) store.Store {
	var mask int
	if c.sum.g != nil {
		mask |= 1
	}
	if c.bulk.g != nil {
		mask |= 2
	}
	if c.journal.g != nil {
		mask |= 4
	}
	if c.audit.g != nil {
		mask |= 8
	}
	if c.compact.g != nil {
		mask |= 16
	}
	switch mask {
	case 1:
		return &guardSum{g, c.sum}
	case 2:
		return &guardBulk{g, c.bulk}
	case 3:
		return &guardSumBulk{g, c.sum, c.bulk}
	case 4:
		return &guardJournal{g, c.journal}
	case 5:
		return &guardSumJournal{g, c.sum, c.journal}
	case 6:
		return &guardBulkJournal{g, c.bulk, c.journal}
	case 7:
		return &guardSumBulkJournal{g, c.sum, c.bulk, c.journal}
	case 8:
		return &guardAudit{g, c.audit}
	case 9:
		return &guardSumAudit{g, c.sum, c.audit}
	case 10:
		return &guardBulkAudit{g, c.bulk, c.audit}
	case 11:
		return &guardSumBulkAudit{g, c.sum, c.bulk, c.audit}
	case 12:
		return &guardJournalAudit{g, c.journal, c.audit}
	case 13:
		return &guardSumJournalAudit{g, c.sum, c.journal, c.audit}
	case 14:
		return &guardBulkJournalAudit{g, c.bulk, c.journal, c.audit}
	case 15:
		return &guardSumBulkJournalAudit{g, c.sum, c.bulk, c.journal, c.audit}
	case 16:
		return &guardCompact{g, c.compact}
	case 17:
		return &guardSumCompact{g, c.sum, c.compact}
	case 18:
		return &guardBulkCompact{g, c.bulk, c.compact}
	case 19:
		return &guardSumBulkCompact{g, c.sum, c.bulk, c.compact}
	case 20:
		return &guardJournalCompact{g, c.journal, c.compact}
	case 21:
		return &guardSumJournalCompact{g, c.sum, c.journal, c.compact}
	case 22:
		return &guardBulkJournalCompact{g, c.bulk, c.journal, c.compact}
	case 23:
		return &guardSumBulkJournalCompact{g, c.sum, c.bulk, c.journal, c.compact}
	case 24:
		return &guardAuditCompact{g, c.audit, c.compact}
	case 25:
		return &guardSumAuditCompact{g, c.sum, c.audit, c.compact}
	case 26:
		return &guardBulkAuditCompact{g, c.bulk, c.audit, c.compact}
	case 27:
		return &guardSumBulkAuditCompact{g, c.sum, c.bulk, c.audit, c.compact}
	case 28:
		return &guardJournalAuditCompact{g, c.journal, c.audit, c.compact}
	case 29:
		return &guardSumJournalAuditCompact{g, c.sum, c.journal, c.audit, c.compact}
	case 30:
		return &guardBulkJournalAuditCompact{g, c.bulk, c.journal, c.audit, c.compact}
	case 31:
		return &guardSumBulkJournalAuditCompact{g, c.sum, c.bulk, c.journal, c.audit, c.compact}
	}
	return g
}

type guardSum struct {
	*guard
	sumCap
}

type guardBulk struct {
	*guard
	bulkCap
}

type guardSumBulk struct {
	*guard
	sumCap
	bulkCap
}

type guardJournal struct {
	*guard
	journalCap
}

type guardSumJournal struct {
	*guard
	sumCap
	journalCap
}

type guardBulkJournal struct {
	*guard
	bulkCap
	journalCap
}

type guardSumBulkJournal struct {
	*guard
	sumCap
	bulkCap
	journalCap
}

type guardAudit struct {
	*guard
	auditCap
}

type guardSumAudit struct {
	*guard
	sumCap
	auditCap
}

type guardBulkAudit struct {
	*guard
	bulkCap
	auditCap
}

type guardSumBulkAudit struct {
	*guard
	sumCap
	bulkCap
	auditCap
}

type guardJournalAudit struct {
	*guard
	journalCap
	auditCap
}

type guardSumJournalAudit struct {
	*guard
	sumCap
	journalCap
	auditCap
}

type guardBulkJournalAudit struct {
	*guard
	bulkCap
	journalCap
	auditCap
}

type guardSumBulkJournalAudit struct {
	*guard
	sumCap
	bulkCap
	journalCap
	auditCap
}

type guardCompact struct {
	*guard
	compactCap
}

type guardSumCompact struct {
	*guard
	sumCap
	compactCap
}

type guardBulkCompact struct {
	*guard
	bulkCap
	compactCap
}

type guardSumBulkCompact struct {
	*guard
	sumCap
	bulkCap
	compactCap
}

type guardJournalCompact struct {
	*guard
	journalCap
	compactCap
}

type guardSumJournalCompact struct {
	*guard
	sumCap
	journalCap
	compactCap
}

type guardBulkJournalCompact struct {
	*guard
	bulkCap
	journalCap
	compactCap
}

type guardSumBulkJournalCompact struct {
	*guard
	sumCap
	bulkCap
	journalCap
	compactCap
}

type guardAuditCompact struct {
	*guard
	auditCap
	compactCap
}

type guardSumAuditCompact struct {
	*guard
	sumCap
	auditCap
	compactCap
}

type guardBulkAuditCompact struct {
	*guard
	bulkCap
	auditCap
	compactCap
}

type guardSumBulkAuditCompact struct {
	*guard
	sumCap
	bulkCap
	auditCap
	compactCap
}

type guardJournalAuditCompact struct {
	*guard
	journalCap
	auditCap
	compactCap
}

type guardSumJournalAuditCompact struct {
	*guard
	sumCap
	journalCap
	auditCap
	compactCap
}

type guardBulkJournalAuditCompact struct {
	*guard
	bulkCap
	journalCap
	auditCap
	compactCap
}

type guardSumBulkJournalAuditCompact struct {
	*guard
	sumCap
	bulkCap
	journalCap
	auditCap
	compactCap
}
