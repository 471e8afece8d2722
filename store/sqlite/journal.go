package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"iter"

	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

var _ store.Journal = (*Store)(nil)

const changeCols = `seq, at, actor, op, entity, entity_id, customer_id, count, detail,
	before, after, prev_hash, hash, before_data, after_data`

// appendChanges numbers, stamps, chains and inserts cs inside tx, the
// transaction of the write they record. Every write transaction runs on the
// one writer connection and begins IMMEDIATE, holding SQLite's write lock
// from the start, so reading the head and inserting after it cannot race
// another writer: Seq order is commit order and the chain cannot fork.
func (s *Store) appendChanges(ctx context.Context, tx *sql.Tx, cs ...store.Change) error {
	if len(cs) == 0 {
		return nil
	}
	seq, prev, err := journalHead(ctx, tx)
	if err != nil {
		return s.wrap("journal", err)
	}
	at, actor := s.now(), store.ActorFrom(ctx)
	var ins *sql.Stmt
	if len(cs) > 1 {
		if ins, err = tx.PrepareContext(ctx, insertChangeSQL); err != nil {
			return s.wrap("journal", err)
		}
		defer ins.Close()
	}
	for _, c := range cs {
		seq++
		c.Seq, c.At, c.Actor = seq, at, actor
		c.Seal(prev)
		prev = c.Hash
		args, err := changeArgs(&c)
		if err != nil {
			return s.wrap("journal", err)
		}
		if ins != nil {
			_, err = ins.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, insertChangeSQL, args...)
		}
		if err != nil {
			return s.wrap("journal", err)
		}
	}
	return nil
}

const insertChangeSQL = `INSERT INTO journal (` + changeCols + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// journalHead reads the newest change's Seq and Hash (0 and zero when empty).
func journalHead(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (int64, store.Digest, error) {
	var (
		seq  int64
		hash []byte
		d    store.Digest
	)
	err := q.QueryRowContext(ctx, `SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1`).Scan(&seq, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, d, nil
	}
	if err != nil {
		return 0, d, err
	}
	if len(hash) != len(d) {
		return 0, d, fmt.Errorf("journal change %d: stored hash has %d bytes", seq, len(hash))
	}
	copy(d[:], hash)
	return seq, d, nil
}

func changeArgs(c *store.Change) ([]any, error) {
	var detail any
	if len(c.Detail) > 0 {
		b, err := json.Marshal(c.Detail)
		if err != nil {
			return nil, err
		}
		detail = string(b)
	}
	return []any{
		c.Seq, c.At.UnixMicro(), c.Actor, string(c.Op), string(c.Entity), c.EntityID, optionalID(c.CustomerID),
		c.Count, detail, optionalDigest(c.Before), optionalDigest(c.After), c.PrevHash[:], c.Hash[:], optionalJSON(c.BeforeData), optionalJSON(c.AfterData),
	}, nil
}

func optionalJSON(b json.RawMessage) any {
	if b == nil {
		return nil
	}
	return string(b)
}

func scanChange(r rowScanner) (store.Change, error) {
	var (
		c                              store.Change
		at                             int64
		op, entity                     string
		customerID                     []byte
		detail, beforeData, afterData  sql.NullString
		before, after, prevHash, hashB []byte
	)
	if err := r.Scan(&c.Seq, &at, &c.Actor, &op, &entity, &c.EntityID, &customerID, &c.Count, &detail,
		&before, &after, &prevHash, &hashB, &beforeData, &afterData); err != nil {
		return store.Change{}, err
	}
	c.At = fromMicros(sql.NullInt64{Int64: at, Valid: true})
	c.Op, c.Entity = store.Op(op), store.Entity(entity)
	if customerID != nil {
		id, err := parseID(customerID)
		if err != nil {
			return store.Change{}, err
		}
		c.CustomerID = id
	}
	if detail.Valid {
		if err := json.Unmarshal([]byte(detail.String), &c.Detail); err != nil {
			return store.Change{}, fmt.Errorf("journal change %d: detail: %w", c.Seq, err)
		}
	}
	for _, d := range []struct {
		dst      *store.Digest
		src      []byte
		nullable bool // NULL is the zero digest (see optionalDigest)
	}{{&c.Before, before, true}, {&c.After, after, true}, {&c.PrevHash, prevHash, false}, {&c.Hash, hashB, false}} {
		if d.src == nil && d.nullable {
			continue
		}
		if len(d.src) != len(d.dst) {
			return store.Change{}, fmt.Errorf("journal change %d: stored digest has %d bytes", c.Seq, len(d.src))
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

// Changes scans the journal in Seq order (store.Journal). The customer,
// actor and entity ID filters use their indexes; the others filter the
// rows visited. Errors: store.ErrClosed, backend failures.
func (s *Store) Changes(ctx context.Context, f store.ChangeFilter) iter.Seq2[store.Change, error] {
	text, args := changesQuery(f)
	return scan(ctx, s, "journal", text, args, scanChange)
}

func changesQuery(f store.ChangeFilter) (string, []any) {
	var q query
	if f.AfterSeq > 0 {
		q.where(`seq > ?`, f.AfterSeq)
	}
	if f.CustomerID != uuid.Nil {
		q.where(`customer_id = ?`, idArg(f.CustomerID))
	}
	if f.Actor != "" {
		q.where(`actor = ? AND actor <> ''`, f.Actor)
	}
	if f.Entity != "" {
		q.where(`entity = ?`, string(f.Entity))
	}
	if f.EntityID != "" {
		q.where(`entity_id = ? AND entity_id <> ''`, f.EntityID)
		if f.Entity != "" && f.Entity != store.EntityEvent {
			// Lets the planner use journal_entity_id, which holds no events.
			q.where(`entity <> 'event'`)
		}
	}
	q.timeRange(`at`, f.Since, f.Until)
	text := `SELECT ` + changeCols + ` FROM journal` + q.sql() + ` ORDER BY seq`
	if f.Limit > 0 {
		text += ` LIMIT ?`
		q.args = append(q.args, f.Limit)
	}
	return text, q.args
}

// JournalHead returns the newest change's Seq and Hash (store.Journal).
// Errors: store.ErrClosed, backend failures.
func (s *Store) JournalHead(ctx context.Context) (int64, store.Digest, error) {
	if err := s.check(ctx); err != nil {
		return 0, store.Digest{}, err
	}
	seq, hash, err := journalHead(ctx, s.reader)
	if err != nil {
		return 0, store.Digest{}, s.wrap("journal head", err)
	}
	return seq, hash, nil
}

// customerIDsTx returns customerID and every profile merged into it, as the
// journal's merge changes record them (store.MergedInto).
func (s *Store) mergedInto(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, customerID uuid.UUID) ([]uuid.UUID, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+changeCols+` FROM journal WHERE op = 'merge' AND customer_id IS NOT NULL ORDER BY seq`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var merges []store.Change
	for rows.Next() {
		c, err := scanChange(rows)
		if err != nil {
			return nil, err
		}
		merges = append(merges, c)
	}
	if err := rows.Err(); err != nil {
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
	const op = "audit records"
	if err := s.check(ctx); err != nil {
		return nil, err
	}
	ids, err := s.mergedInto(ctx, s.reader, customerID)
	if err != nil {
		return nil, s.wrap(op, err)
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
// returns how many changes it scrubbed. The old bytes may linger in free
// pages until Compact. Errors: store.ErrClosed, backend failures.
func (s *Store) EraseAuditPayloads(ctx context.Context, customerID uuid.UUID) (int, error) {
	const op = "erase audit payloads"
	var n int64
	err := s.write(ctx, op, func(tx *sql.Tx) error {
		ids, err := s.mergedInto(ctx, tx, customerID)
		if err != nil {
			return s.wrap(op, err)
		}
		for _, id := range ids {
			res, err := tx.ExecContext(ctx, `UPDATE journal SET before_data = NULL, after_data = NULL
				WHERE customer_id = ? AND (before_data IS NOT NULL OR after_data IS NOT NULL)`, idArg(id))
			if err != nil {
				return s.wrap(op, err)
			}
			k, err := res.RowsAffected()
			if err != nil {
				return s.wrap(op, err)
			}
			n += k
		}
		return nil
	})
	return int(n), err
}

// optionalDigest stores the zero digest (no record before a create, none
// after a delete) as NULL: 32 bytes less in most rows.
func optionalDigest(d store.Digest) any {
	if d.IsZero() {
		return nil
	}
	return d[:]
}

// ScrubPayloads implements store.PayloadScrubber.
func (s *Store) ScrubPayloads(ctx context.Context, throughSeq int64) (int, error) {
	const op = "scrub journal payloads"
	var n int64
	err := s.write(ctx, op, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE journal SET before_data = NULL, after_data = NULL
			WHERE seq <= ? AND (before_data IS NOT NULL OR after_data IS NOT NULL)`, throughSeq)
		if err != nil {
			return s.wrap(op, err)
		}
		n, err = res.RowsAffected()
		return s.wrap(op, err)
	})
	return int(n), err
}
