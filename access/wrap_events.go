package access

import (
	"context"
	"iter"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/store"
)

// AppendEvents needs events write; an empty batch needs only a principal.
func (g *guard) AppendEvents(ctx context.Context, es []behavior.Event) error {
	var err error
	if len(es) == 0 {
		_, err = g.present(ctx, ResourceEvents, ActionWrite)
	} else {
		_, err = g.check(ctx, ResourceEvents, ActionWrite)
	}
	if err != nil {
		return err
	}
	return g.inner.AppendEvents(ctx, es)
}

// Events needs events read; free text and personal attributes are masked
// for a principal without PII read.
func (g *guard) Events(ctx context.Context, f store.EventFilter) iter.Seq2[behavior.Event, error] {
	pr, err := g.check(ctx, ResourceEvents, ActionRead)
	if err != nil {
		return errSeq[behavior.Event](err)
	}
	seq := g.inner.Events(ctx, f)
	if g.seesPII(pr) {
		return seq
	}
	return func(yield func(behavior.Event, error) bool) {
		for e, err := range seq {
			if err != nil {
				yield(behavior.Event{}, err)
				return
			}
			if !yield(MaskEvent(e), nil) {
				return
			}
		}
	}
}
