package workflow

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/google/uuid"
)

// The headers of a webhook request.
const (
	// HeaderIdempotencyKey carries the delivery's key: the same on every
	// attempt, so a receiver drops repeats by it.
	HeaderIdempotencyKey = "Idempotency-Key"
	// HeaderTimestamp is the Unix time of the attempt, in seconds.
	HeaderTimestamp = "Crmkit-Timestamp"
	// HeaderSignature is "v1=" and the hex HMAC-SHA256, under the shared
	// secret, of the timestamp, a '.', and the body.
	HeaderSignature = "Crmkit-Signature"
)

// ErrBadSignature is returned by VerifyWebhook for a request that was not
// signed with the secret, was altered, or is too old.
var ErrBadSignature = errors.New("workflow: bad webhook signature")

// Webhook is the action that POSTs a WebhookPayload as JSON to URL, signed
// with Secret. A 2xx answer is success; 408, 425, 429, 5xx, timeouts and
// network errors are retried; any other answer is a permanent failure.
type Webhook struct {
	URL    string
	Secret []byte
	// Timeout bounds one attempt (default 10 seconds).
	Timeout time.Duration
	// Client sends the requests; nil means http.DefaultClient.
	Client *http.Client
	// Header holds extra headers (an API key of the receiver, say).
	Header http.Header
}

// WebhookPayload is the JSON body of a webhook request.
type WebhookPayload struct {
	Key        string             `json:"key"`
	Rule       string             `json:"rule"`
	Trigger    string             `json:"trigger"`
	Seq        int64              `json:"seq,omitempty"`
	Period     time.Time          `json:"period,omitzero"`
	CustomerID uuid.UUID          `json:"customer_id"`
	Customer   *customer.Customer `json:"customer,omitempty"`
	Order      *order.Order       `json:"order,omitempty"`
	Return     *order.Return      `json:"return,omitempty"`
	Attempt    int                `json:"attempt"`
	SentAt     time.Time          `json:"sent_at"`
}

// Name returns "webhook".
func (w *Webhook) Name() string { return "webhook" }

// Do sends one signed request.
func (w *Webhook) Do(ctx context.Context, inv *Invocation) error {
	body, err := json.Marshal(WebhookPayload{Key: inv.Key, Rule: inv.Rule, Trigger: inv.Trigger, Seq: inv.Seq,
		Period: inv.Period, CustomerID: inv.CustomerID, Customer: inv.Customer, Order: inv.Order,
		Return: inv.Return, Attempt: inv.Attempt, SentAt: inv.Now.UTC()})
	if err != nil {
		return Permanent(fmt.Errorf("workflow: webhook body: %w", err))
	}
	timeout := w.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return Permanent(fmt.Errorf("workflow: webhook request: %w", err))
	}
	for k, vs := range w.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	// The signature's timestamp is the wall clock, not the engine's: the
	// receiver checks it against its own clock to refuse replays.
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(HeaderIdempotencyKey, inv.Key)
	req.Header.Set(HeaderTimestamp, ts)
	req.Header.Set(HeaderSignature, SignWebhook(w.Secret, ts, body))
	client := w.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("workflow: webhook %s: %w", w.URL, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	switch c := resp.StatusCode; {
	case c >= 200 && c < 300:
		return nil
	case c == http.StatusRequestTimeout, c == http.StatusTooEarly, c == http.StatusTooManyRequests, c >= 500:
		return fmt.Errorf("workflow: webhook %s answered %s", w.URL, resp.Status)
	default:
		return Permanent(fmt.Errorf("workflow: webhook %s answered %s", w.URL, resp.Status))
	}
}

// SignWebhook returns the value of HeaderSignature for a body sent at
// timestamp (Unix seconds, as in HeaderTimestamp).
func SignWebhook(secret []byte, timestamp string, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(timestamp))
	m.Write([]byte{'.'})
	m.Write(body)
	return "v1=" + hex.EncodeToString(m.Sum(nil))
}

// VerifyWebhook checks a received request's signature: h are its headers,
// body its bytes. A request older or newer than tolerance against now is
// refused (0 means 5 minutes), so a captured request cannot be replayed
// later. It returns an error matching ErrBadSignature.
func VerifyWebhook(secret []byte, h http.Header, body []byte, now time.Time, tolerance time.Duration) error {
	if tolerance <= 0 {
		tolerance = 5 * time.Minute
	}
	ts := h.Get(HeaderTimestamp)
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: timestamp %q", ErrBadSignature, ts)
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return fmt.Errorf("%w: timestamp %s is %s away from now", ErrBadSignature, ts, d.Round(time.Second))
	}
	want := SignWebhook(secret, ts, body)
	if !hmac.Equal([]byte(want), []byte(h.Get(HeaderSignature))) {
		return fmt.Errorf("%w: signature does not match", ErrBadSignature)
	}
	return nil
}
