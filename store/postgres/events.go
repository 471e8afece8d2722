package postgres

import (
	"context"
	"fmt"
	"iter"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

var eventColumns = []string{"id", "kind", "customer_id", "visitor_id", "session_id", "product_id", "order_id",
	"query", "quantity", "rating", "score", "body", "attributes", "at"}

const eventSelect = `id, kind, customer_id, visitor_id, session_id, product_id, order_id,
	query, quantity, rating, score, body, attributes, at`

// eventRow returns e's column values in eventColumns order.
func eventRow(e *behavior.Event) ([]any, error) {
	attrs, err := jsonb(e.Attributes, e.Attributes == nil)
	if err != nil {
		return nil, err
	}
	var score any
	if e.Score != nil {
		score = int32(*e.Score)
	}
	return []any{idArg(e.ID), string(e.Kind), optUUID(e.CustomerID), e.VisitorID, e.SessionID, e.ProductID, optUUID(e.OrderID),
		e.Query, int32(e.Quantity), int32(e.Rating), score, e.Text, attrs, e.At}, nil
}

// scanEvent reads a row selected with eventSelect.
func scanEvent(r scanner) (behavior.Event, error) {
	var e behavior.Event
	var kind string
	var quantity, rating int32
	var score pgtype.Int4
	var attrs []byte
	var at pgtype.Timestamptz
	err := r.Scan(idDest{&e.ID}, &kind, idDest{&e.CustomerID}, &e.VisitorID, &e.SessionID, &e.ProductID, idDest{&e.OrderID},
		&e.Query, &quantity, &rating, &score, &e.Text, &attrs, &at)
	if err != nil {
		return behavior.Event{}, err
	}
	e.Kind = behavior.Kind(kind)
	e.Quantity, e.Rating, e.At = int(quantity), int(rating), utc(at)
	if score.Valid {
		v := int(score.Int32)
		e.Score = &v
	}
	if err := unjson(attrs, &e.Attributes); err != nil {
		return behavior.Event{}, fmt.Errorf("event %s: attributes: %w", e.ID, err)
	}
	return e, nil
}

// eventRows prepares a batch and returns it with its rows for COPY.
func eventRows(es []behavior.Event) ([]behavior.Event, [][]any, error) {
	prepared, err := store.PrepareEvents(es)
	if err != nil {
		return nil, nil, err
	}
	rows := make([][]any, len(prepared))
	for i := range prepared {
		if rows[i], err = eventRow(&prepared[i]); err != nil {
			return nil, nil, fmt.Errorf("postgres: encoding event %d: %w", i, err)
		}
	}
	return prepared, rows, nil
}

// AppendEvents validates and stores a batch of events, all or nothing, with
// one COPY (one INSERT for a single event); see store.EventStore.
func (s *Store) AppendEvents(ctx context.Context, es []behavior.Event) error {
	if err := s.check(); err != nil {
		return err
	}
	prepared, rows, err := eventRows(es)
	if err != nil || len(rows) == 0 {
		return err
	}
	changes := make([]store.Change, len(prepared))
	for i := range prepared {
		if changes[i], err = store.EventChange(prepared[i]); err != nil {
			return err
		}
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if len(rows) == 1 {
			// One event (a page view as it happens) is one INSERT: a
			// single round trip, where COPY takes two.
			if _, err := tx.Exec(ctx, insertSQL("events", eventColumns), rows[0]...); err != nil {
				return s.fail(err, "appending an event")
			}
		} else if _, err := tx.CopyFrom(ctx, pgx.Identifier{"events"}, eventColumns, pgx.CopyFromRows(rows)); err != nil {
			return s.fail(err, "appending %d events", len(rows))
		}
		return s.appendChanges(ctx, tx, changes...)
	})
}

// Events scans events matching f in (At, ID) order, ascending or, with
// f.Desc, descending.
func (s *Store) Events(ctx context.Context, f store.EventFilter) iter.Seq2[behavior.Event, error] {
	start, err := startKey(f.After)
	query := timePage(eventSelect, "events", "at", f.Desc, func(q *pageQuery) {
		if f.CustomerID != uuid.Nil {
			q.where("customer_id = ?", idArg(f.CustomerID))
		}
		if f.VisitorID != "" {
			q.where("visitor_id = ? AND visitor_id <> ''", f.VisitorID)
		}
		if f.SessionID != "" {
			q.where("session_id = ?", f.SessionID)
		}
		if f.ProductID != "" {
			q.where("product_id = ?", f.ProductID)
		}
		if len(f.Kinds) > 0 {
			ks := make([]string, len(f.Kinds))
			for i, k := range f.Kinds {
				ks[i] = string(k)
			}
			q.where("kind = ANY(?)", ks)
		}
		q.timeRange("at", f.Since, f.Until)
	})
	return paged(ctx, s, "events", f.Limit, start, err, query, scanEvent,
		func(e *behavior.Event) timeKey { return timeKey{e.At, e.ID} })
}
