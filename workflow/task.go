package workflow

import (
	"context"
	"fmt"
	"strings"
	"text/template"
	"time"
)

// FollowUp is the action that creates a follow-up task for a person (call
// the customer, check the return) in the engine's state, where
// State.Tasks lists them (TaskFilter.Open: those still to do) and
// State.CompleteTask closes one. Build it with NewFollowUp. It is
// idempotent: the task's key is the delivery's.
type FollowUp struct {
	title, note *template.Template
	assignee    string
	due         time.Duration
}

// NewFollowUp parses the title and note templates (text/template, seeing
// the Invocation like EmailTemplate's); the task is due the given time
// after the firing and goes to assignee.
func NewFollowUp(title, note, assignee string, due time.Duration) (*FollowUp, error) {
	if strings.TrimSpace(title) == "" {
		return nil, invalid("follow-up.title", title, "required")
	}
	t, err := template.New("title").Funcs(templateFuncs).Option("missingkey=error").Parse(title)
	if err != nil {
		return nil, &ValidationError{Field: "follow-up.title", Value: title, Reason: err.Error()}
	}
	n, err := template.New("note").Funcs(templateFuncs).Option("missingkey=error").Parse(note)
	if err != nil {
		return nil, &ValidationError{Field: "follow-up.note", Value: note, Reason: err.Error()}
	}
	return &FollowUp{title: t, note: n, assignee: assignee, due: due}, nil
}

// Name returns "follow-up".
func (f *FollowUp) Name() string { return "follow-up" }

// Do stores the task.
func (f *FollowUp) Do(ctx context.Context, inv *Invocation) error {
	var title, note strings.Builder
	if err := f.title.Execute(&title, inv); err != nil {
		return Permanent(fmt.Errorf("workflow: follow-up title: %w", err))
	}
	if err := f.note.Execute(&note, inv); err != nil {
		return Permanent(fmt.Errorf("workflow: follow-up note: %w", err))
	}
	_, err := inv.state.AddTask(ctx, Task{Key: inv.Key, Rule: inv.Rule, CustomerID: inv.CustomerID,
		Title: strings.TrimSpace(title.String()), Note: note.String(), Assignee: f.assignee,
		Due: inv.Now.Add(f.due), CreatedAt: inv.Now})
	return err
}
