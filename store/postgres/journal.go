package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"

	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

var _ store.Journal = (*Store)(nil)

var changeColumns = []string{"seq", "at", "actor", "op", "entity", "entity_id", "customer_id", "count", "detail",
	"before", "after", "prev_hash", "hash", "before_data", "after_data"}

const changeSelect = `seq, at, actor, op, entity, entity_id, customer_id, count, detail,
	before, after, prev_hash, hash, before_data, after_data`

// appendChanges numbers, stamps, chains and inserts cs inside tx, the
// transaction of the write they record, as its last step. It locks the one
// row of journal_head until tx ends (see migrations/0002_journal.sql for
// why): writers queue on it only for the few statements between taking it
// and committing, not for the whole write.
func (s *Store) appendChanges(ctx context.Context, tx pgx.Tx, cs ...store.Change) error {
	if len(cs) == 0 {
		return nil
	}
	var (
		seq  int64
		hash []byte
		prev store.Digest
	)
	if err := tx.QueryRow(ctx, `SELECT seq, hash FROM journal_head FOR UPDATE`).Scan(&seq, &hash); err != nil {
		return s.fail(err, "locking the journal head")
	}
	if len(hash) != len(prev) {
		return fmt.Errorf("postgres: journal head hash has %d bytes", len(hash))
	}
	copy(prev[:], hash)
	at, actor := now(), store.ActorFrom(ctx)
	rows := make([][]any, len(cs))
	for i := range cs {
		c := &cs[i]
		seq++
		c.Seq, c.At, c.Actor = seq, at, actor
		c.Seal(prev)
		prev = c.Hash
		row, err := changeRow(c)
		if err != nil {
			return fmt.Errorf("postgres: encoding change %d: %w", c.Seq, err)
		}
		rows[i] = row
	}
	if len(rows) == 1 {
		// One change: the insert and the head's move in one round trip.
		_, err := tx.Exec(ctx, `WITH head AS (UPDATE journal_head SET seq = $16, hash = $17)
			`+insertSQL("journal", changeColumns), append(rows[0], seq, prev[:])...)
		if err != nil {
			return s.fail(err, "recording a change")
		}
		return nil
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"journal"}, changeColumns, pgx.CopyFromRows(rows)); err != nil {
		return s.fail(err, "recording %d changes", len(rows))
	}
	if _, err := tx.Exec(ctx, `UPDATE journal_head SET seq = $1, hash = $2`, seq, prev[:]); err != nil {
		return s.fail(err, "moving the journal head")
	}
	return nil
}

func changeRow(c *store.Change) ([]any, error) {
	var detail any
	if len(c.Detail) > 0 {
		b, err := json.Marshal(c.Detail)
		if err != nil {
			return nil, err
		}
		detail = string(b)
	}
	return []any{c.Seq, c.At, c.Actor, string(c.Op), string(c.Entity), c.EntityID, optUUID(c.CustomerID), c.Count, detail,
		c.Before[:], c.After[:], c.PrevHash[:], c.Hash[:], payloadText(c.BeforeData), payloadText(c.AfterData)}, nil
}

func payloadText(b json.RawMessage) pgtype.Text {
	return pgtype.Text{String: string(b), Valid: b != nil}
}

func scanChange(r scanner) (store.Change, error) {
	var (
		c                             store.Change
		at                            pgtype.Timestamptz
		op, entity                    string
		detail                        []byte
		before, after, prevHash, hash []byte
		beforeData, afterData         pgtype.Text
	)
	if err := r.Scan(&c.Seq, &at, &c.Actor, &op, &entity, &c.EntityID, idDest{&c.CustomerID}, &c.Count, &detail,
		&before, &after, &prevHash, &hash, &beforeData, &afterData); err != nil {
		return store.Change{}, err
	}
	c.At, c.Op, c.Entity = utc(at), store.Op(op), store.Entity(entity)
	if err := unjson(detail, &c.Detail); err != nil {
		return store.Change{}, fmt.Errorf("change %d: detail: %w", c.Seq, err)
	}
	for _, d := range []struct {
		dst *store.Digest
		src []byte
	}{{&c.Before, before}, {&c.After, after}, {&c.PrevHash, prevHash}, {&c.Hash, hash}} {
		if len(d.src) != len(d.dst) {
			return store.Change{}, fmt.Errorf("change %d: stored digest has %d bytes", c.Seq, len(d.src))
		}
		copy(d.dst[:], d.src)
	}
	if beforeData.Valid {
		c.BeforeData = json.RawMessage(beforeData.String)
	}
	if afterData.Valid {
		c.AfterData = json.RawMessage(afterData.String)
	}
	return c, nil
}

// Changes scans the journal in Seq order, a page at a time (store.Journal).
// Errors: store.ErrClosed, backend failures.
func (s *Store) Changes(ctx context.Context, f store.ChangeFilter) iter.Seq2[store.Change, error] {
	start := f.AfterSeq
	query := func(after *int64, n int) (string, []any) {
		var q pageQuery
		q.where("seq > ?", *after)
		if f.CustomerID != uuid.Nil {
			q.where("customer_id = ?", idArg(f.CustomerID))
		}
		if f.Actor != "" {
			q.where("actor = ? AND actor <> ''", f.Actor)
		}
		if f.Entity != "" {
			q.where("entity = ?", string(f.Entity))
		}
		if f.EntityID != "" {
			q.where("entity_id = ? AND entity_id <> ''", f.EntityID)
			if f.Entity != "" && f.Entity != store.EntityEvent {
				// Lets the planner use journal_entity_id, which holds no events.
				q.where("entity <> 'event'")
			}
		}
		q.timeRange("at", f.Since, f.Until)
		return q.sql(changeSelect, "journal", "seq", n), q.args
	}
	return paged(ctx, s, "the journal", f.Limit, &start, nil, query, scanChange, func(c *store.Change) int64 { return c.Seq })
}

// JournalHead returns the newest change's Seq and Hash (store.Journal).
// Errors: store.ErrClosed, backend failures.
func (s *Store) JournalHead(ctx context.Context) (int64, store.Digest, error) {
	var d store.Digest
	if err := s.check(); err != nil {
		return 0, d, err
	}
	var (
		seq  int64
		hash []byte
	)
	if err := s.pool.QueryRow(ctx, `SELECT seq, hash FROM journal_head`).Scan(&seq, &hash); err != nil {
		return 0, d, s.fail(err, "reading the journal head")
	}
	if len(hash) != len(d) {
		return 0, d, fmt.Errorf("postgres: journal head hash has %d bytes", len(hash))
	}
	copy(d[:], hash)
	return seq, d, nil
}

// mergedInto returns customerID and every profile merged into it, as the
// journal's merge changes record them (store.MergedInto).
func (s *Store) mergedInto(ctx context.Context, q querier, customerID uuid.UUID) ([]uuid.UUID, error) {
	rows, err := q.Query(ctx, `SELECT `+changeSelect+` FROM journal WHERE op = 'merge' AND customer_id IS NOT NULL ORDER BY seq`)
	if err != nil {
		return nil, err
	}
	merges, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.Change, error) { return scanChange(r) })
	if err != nil {
		return nil, err
	}
	ids := []uuid.UUID{customerID}
	for id := range store.MergedInto(customerID, merges) {
		if id != customerID {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// AuditRecords returns the customer's changes, oldest first, each as a JSON
// object (privacy.AuditExporter); changes of profiles merged into the
// customer are included. Errors: store.ErrClosed, backend failures.
func (s *Store) AuditRecords(ctx context.Context, customerID uuid.UUID) ([]json.RawMessage, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	ids, err := s.mergedInto(ctx, s.pool, customerID)
	if err != nil {
		return nil, s.fail(err, "reading the merges of customer %s", customerID)
	}
	var cs []store.Change
	for _, id := range ids {
		for c, err := range s.Changes(ctx, store.ChangeFilter{CustomerID: id}) {
			if err != nil {
				return nil, err
			}
			cs = append(cs, c)
		}
	}
	return store.ChangesJSON(cs)
}

// EraseAuditPayloads sets BeforeData and AfterData to NULL in the
// customer's changes and in those of profiles merged into it
// (privacy.AuditEraser); the digests stay, so the chain still verifies. It
// returns how many changes it scrubbed. Errors: store.ErrClosed, backend
// failures.
func (s *Store) EraseAuditPayloads(ctx context.Context, customerID uuid.UUID) (int, error) {
	if err := s.check(); err != nil {
		return 0, err
	}
	var n int64
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		ids, err := s.mergedInto(ctx, tx, customerID)
		if err != nil {
			return s.fail(err, "reading the merges of customer %s", customerID)
		}
		tag, err := tx.Exec(ctx, `UPDATE journal SET before_data = NULL, after_data = NULL
			WHERE customer_id = ANY($1) AND (before_data IS NOT NULL OR after_data IS NOT NULL)`, ids)
		if err != nil {
			return s.fail(err, "erasing the audit payloads of customer %s", customerID)
		}
		n = tag.RowsAffected()
		return nil
	})
	return int(n), err
}

// ScrubPayloads implements store.PayloadScrubber.
func (s *Store) ScrubPayloads(ctx context.Context, throughSeq int64) (int, error) {
	if err := s.check(); err != nil {
		return 0, err
	}
	tag, err := s.pool.Exec(ctx, `UPDATE journal SET before_data = NULL, after_data = NULL
		WHERE seq <= $1 AND (before_data IS NOT NULL OR after_data IS NOT NULL)`, throughSeq)
	if err != nil {
		return 0, s.fail(err, "scrubbing the journal payloads through %d", throughSeq)
	}
	return int(tag.RowsAffected()), nil
}
