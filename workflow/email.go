package workflow

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"text/template"

	"github.com/crmkit/crmkit/customer"
	"github.com/shopspring/decimal"
)

// Mailer sends e-mail: an SMTP relay, a provider's API, a queue. Send gets
// the delivery's idempotency key in Message.Key so that providers which
// accept one (most transactional-mail APIs do) drop repeats.
type Mailer interface {
	Send(ctx context.Context, m Message) error
}

// Message is one e-mail.
type Message struct {
	Key     string // idempotency key of the delivery
	From    string
	To      string
	Subject string
	Text    string
}

// EmailTemplate is the text of an e-mail, in text/template syntax. The
// templates see the Invocation ({{.Customer.FirstName}}, {{.Order.Number}},
// {{.Now}}) and the function money, which writes an amount with two
// decimals ({{money .Order.Total}}).
type EmailTemplate struct {
	From    string
	Subject string
	Body    string
	// Marketing marks a marketing e-mail, sent only to customers whose
	// e-mail consent is in force; transactional mail (an order
	// confirmation) leaves it false.
	Marketing bool
}

// Email is the action that sends an e-mail to the customer through a
// Mailer. Build it with NewEmail.
type Email struct {
	mailer        Mailer
	from          string
	subject, body *template.Template
	marketing     bool
}

var _ Marketer = (*Email)(nil)

var templateFuncs = template.FuncMap{
	"money": func(d decimal.Decimal) string { return d.StringFixed(2) },
}

// NewEmail parses the templates. Errors are *ValidationError values naming
// the template at fault.
func NewEmail(m Mailer, t EmailTemplate) (*Email, error) {
	if m == nil {
		return nil, invalid("email.mailer", "nil", "required")
	}
	parse := func(name, text string) (*template.Template, error) {
		tp, err := template.New(name).Funcs(templateFuncs).Option("missingkey=error").Parse(text)
		if err != nil {
			return nil, &ValidationError{Field: "email." + name, Value: text, Reason: err.Error()}
		}
		return tp, nil
	}
	if strings.TrimSpace(t.Body) == "" {
		return nil, invalid("email.body", t.Body, "required")
	}
	subject, err := parse("subject", t.Subject)
	if err != nil {
		return nil, err
	}
	body, err := parse("body", t.Body)
	if err != nil {
		return nil, err
	}
	return &Email{mailer: m, from: t.From, subject: subject, body: body, marketing: t.Marketing}, nil
}

// Name returns "email".
func (e *Email) Name() string { return "email" }

// MarketingChannel reports the e-mail channel when the template is marketing.
func (e *Email) MarketingChannel() (customer.Channel, bool) {
	return customer.ChannelEmail, e.marketing
}

// Do renders the templates for the customer and sends the message. A
// customer without an e-mail address or a template that fails on the
// data is a permanent failure; the mailer's errors are retried.
func (e *Email) Do(ctx context.Context, inv *Invocation) error {
	if inv.Customer == nil || inv.Customer.Email == "" {
		return Permanent(errors.New("workflow: email: the customer has no e-mail address"))
	}
	var subj, body strings.Builder
	if err := e.subject.Execute(&subj, inv); err != nil {
		return Permanent(fmt.Errorf("workflow: email subject: %w", err))
	}
	if err := e.body.Execute(&body, inv); err != nil {
		return Permanent(fmt.Errorf("workflow: email body: %w", err))
	}
	return e.mailer.Send(ctx, Message{Key: inv.Key, From: e.from, To: inv.Customer.Email,
		Subject: strings.TrimSpace(subj.String()), Text: body.String()})
}

// RecordingMailer keeps the messages sent to it instead of sending them:
// for tests, demos and dry runs. It is safe for concurrent use.
type RecordingMailer struct {
	mu   sync.Mutex
	msgs []Message
}

// Send records m.
func (r *RecordingMailer) Send(ctx context.Context, m Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, m)
	return nil
}

// Messages returns the messages recorded, in the order sent, repeats
// included.
func (r *RecordingMailer) Messages() []Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Message(nil), r.msgs...)
}
