package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"iter"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

const eventCols = `id, kind, customer_id, visitor_id, session_id, product_id, order_id,
	query, quantity, rating, score, text, attributes, at`

func eventArgs(e *behavior.Event) ([]any, error) {
	attrs, err := jsonText(e.Attributes)
	if err != nil {
		return nil, err
	}
	var score sql.NullInt64
	if e.Score != nil {
		score = sql.NullInt64{Int64: int64(*e.Score), Valid: true}
	}
	return []any{
		idArg(e.ID), string(e.Kind), optionalID(e.CustomerID), optionalText(e.VisitorID), optionalText(e.SessionID),
		optionalText(e.ProductID), optionalID(e.OrderID), e.Query, e.Quantity, e.Rating, score, e.Text, attrs,
		micros(e.At),
	}, nil
}

func scanEvent(r rowScanner) (behavior.Event, error) {
	var (
		e                         behavior.Event
		id, customerID, orderID   []byte
		visitor, session, product sql.NullString
		kind, attrs               string
		score, at                 sql.NullInt64
	)
	if err := r.Scan(&id, &kind, &customerID, &visitor, &session, &product, &orderID,
		&e.Query, &e.Quantity, &e.Rating, &score, &e.Text, &attrs, &at); err != nil {
		return behavior.Event{}, err
	}
	var err error
	if e.ID, err = parseID(id); err != nil {
		return behavior.Event{}, err
	}
	if e.CustomerID, err = parseID(customerID); err != nil {
		return behavior.Event{}, err
	}
	if e.OrderID, err = parseID(orderID); err != nil {
		return behavior.Event{}, err
	}
	e.Kind = behavior.Kind(kind)
	e.VisitorID, e.SessionID, e.ProductID = visitor.String, session.String, product.String
	if score.Valid {
		v := int(score.Int64)
		e.Score = &v
	}
	if err := fromJSON(attrs, &e.Attributes); err != nil {
		return behavior.Event{}, err
	}
	e.At = fromMicros(at)
	return e, nil
}

// eventWriter appends events through a prepared statement of one transaction.
type eventWriter struct{ insert *sql.Stmt }

func prepareEventWriter(ctx context.Context, tx *sql.Tx, onConflict store.ConflictPolicy) (*eventWriter, error) {
	ignore := ""
	if onConflict == store.ConflictSkip {
		ignore = " ON CONFLICT DO NOTHING"
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO events (`+eventCols+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`+ignore)
	if err != nil {
		return nil, err
	}
	return &eventWriter{insert: ins}, nil
}

func (w *eventWriter) close() { w.insert.Close() }

// add inserts e; it reports false when ConflictSkip skipped it.
func (w *eventWriter) add(ctx context.Context, e *behavior.Event) (bool, error) {
	args, err := eventArgs(e)
	if err != nil {
		return false, err
	}
	res, err := w.insert.ExecContext(ctx, args...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// AppendEvents validates and stores a batch of events in one transaction,
// all or nothing. Errors: *behavior.ValidationError; store.ErrConflict for
// an ID already stored or repeated in the batch.
func (s *Store) AppendEvents(ctx context.Context, es []behavior.Event) error {
	const op = "append events"
	prepared, err := store.PrepareEvents(es)
	if err != nil {
		return err
	}
	if len(prepared) == 0 {
		return s.check(ctx)
	}
	return s.write(ctx, op, func(tx *sql.Tx) error {
		w, err := prepareEventWriter(ctx, tx, store.ConflictFail)
		if err != nil {
			return s.wrap(op, err)
		}
		defer w.close()
		changes := make([]store.Change, len(prepared))
		for i := range prepared {
			if _, err := w.add(ctx, &prepared[i]); err != nil {
				return s.conflict(op, fmt.Sprintf("event %s", prepared[i].ID), err)
			}
			if changes[i], err = store.EventChange(prepared[i]); err != nil {
				return s.wrap(op, err)
			}
		}
		return s.appendChanges(ctx, tx, changes...)
	})
}

// Events scans events matching f in (At, ID) order, ascending or, with
// f.Desc, descending. The customer, visitor, session, kind and product
// filters each have an index ending in (at, id).
func (s *Store) Events(ctx context.Context, f store.EventFilter) iter.Seq2[behavior.Event, error] {
	text, args, err := eventsQuery(f)
	if err != nil {
		return fail[behavior.Event](err)
	}
	return scan(ctx, s, "scan events", text, args, scanEvent)
}

func eventsQuery(f store.EventFilter) (string, []any, error) {
	var q query
	if f.CustomerID != uuid.Nil {
		q.where(`customer_id = ?`, idArg(f.CustomerID))
	}
	if f.VisitorID != "" {
		q.where(`visitor_id = ?`, f.VisitorID)
	}
	if f.SessionID != "" {
		q.where(`session_id = ?`, f.SessionID)
	}
	in(&q, "kind", f.Kinds)
	if f.ProductID != "" {
		q.where(`product_id = ?`, f.ProductID)
	}
	q.timeRange("at", f.Since, f.Until)
	if err := q.afterTime("at", f.After, f.Desc); err != nil {
		return "", nil, err
	}
	text := `SELECT ` + eventCols + ` FROM events` + q.sql() + q.orderLimit("at", f.Desc, f.Limit)
	return text, q.args, nil
}
