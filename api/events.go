package api

import (
	"fmt"
	"net/http"

	"github.com/crmkit/crmkit/access"
	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/recommend"
	"github.com/google/uuid"
)

// EventBatch is a batch of behaviour events to ingest, all or nothing.
type EventBatch struct {
	Events []behavior.Event `json:"events"`
}

// EventBatchResult acknowledges an ingested batch with the events' IDs in
// the order sent (new version-7 UUIDs where the batch gave none).
type EventBatchResult struct {
	Accepted int         `json:"accepted"`
	IDs      []uuid.UUID `json:"ids"`
}

// eventAdder is the part of *recommend.Recommender that folds fresh events
// into serving.
type eventAdder interface {
	AddEvents(user string, events ...recommend.Event) error
}

func (h *Handler) ingestEvents(r *http.Request, body []byte) (int, any, error) {
	var b EventBatch
	if err := decodeJSON(body, &b); err != nil {
		return 0, nil, err
	}
	switch {
	case len(b.Events) == 0:
		return 0, nil, &behavior.ValidationError{Field: "events", Value: "0", Reason: "a batch needs at least one event"}
	case len(b.Events) > h.opts.MaxEvents:
		return 0, nil, &behavior.ValidationError{Field: "events", Value: fmt.Sprint(len(b.Events)), Reason: fmt.Sprintf("more than %d events in one batch", h.opts.MaxEvents)}
	}
	// Refuse a caller who may not write events before reporting on their content.
	if err := h.policy.Authorize(r.Context(), access.ResourceEvents, access.ActionWrite); err != nil {
		return 0, nil, err
	}
	ids := make([]uuid.UUID, len(b.Events))
	for i := range b.Events {
		if b.Events[i].ID == uuid.Nil {
			id, err := uuid.NewV7()
			if err != nil {
				return 0, nil, err
			}
			b.Events[i].ID = id
		}
		ids[i] = b.Events[i].ID
		if err := b.Events[i].Validate(); err != nil {
			return 0, nil, withIndex(err, i)
		}
	}
	if err := h.guarded.AppendEvents(r.Context(), b.Events); err != nil {
		return 0, nil, err
	}
	if add, ok := h.opts.Recommender.(eventAdder); ok {
		// Serving picks up the fresh behaviour at once; events the model
		// cannot use (unknown items, anonymous visitors) are skipped by it.
		byUser := map[string][]recommend.Event{}
		for _, e := range recommend.BehaviorEvents(b.Events, false) {
			byUser[e.User] = append(byUser[e.User], e)
		}
		for user, es := range byUser {
			if err := add.AddEvents(user, es...); err != nil {
				h.opts.Logger.Warn("api: recommender rejected fresh events", "user", user, "err", err)
			}
		}
	}
	return http.StatusCreated, EventBatchResult{Accepted: len(b.Events), IDs: ids}, nil
}

// withIndex prefixes a validation error's field with the event's position.
func withIndex(err error, i int) error {
	if ve, ok := err.(*behavior.ValidationError); ok {
		return &behavior.ValidationError{Field: fmt.Sprintf("events[%d].%s", i, ve.Field), Value: ve.Value, Reason: ve.Reason}
	}
	return err
}
