package customer

import "time"

// Channel is a marketing channel that needs the customer's consent.
type Channel string

// The channels consent is recorded for.
const (
	ChannelEmail Channel = "email"
	ChannelSMS   Channel = "sms"
)

// Valid reports whether ch is a known channel.
func (ch Channel) Valid() bool { return ch == ChannelEmail || ch == ChannelSMS }

// Consent records that a customer gave or withdrew marketing consent for a
// channel: when, how (Source, e.g. "checkout", "preference_center",
// "unsubscribe_link") and for what purpose.
type Consent struct {
	Channel Channel   `json:"channel"`
	Granted bool      `json:"granted"`
	At      time.Time `json:"at"`
	Source  string    `json:"source"`
	Purpose string    `json:"purpose,omitempty"` // e.g. "marketing", "newsletter"
}

// ConsentFor returns the consent record in force for ch: the latest by time
// (on equal times, the later in the history). ok is false when none exists.
func (c *Customer) ConsentFor(ch Channel) (rec Consent, ok bool) {
	for _, r := range c.Consents {
		if r.Channel == ch && (!ok || !r.At.Before(rec.At)) {
			rec, ok = r, true
		}
	}
	return rec, ok
}

// HasConsent reports whether marketing on ch is allowed now: the latest record
// for ch grants it. No record means no consent.
func (c *Customer) HasConsent(ch Channel) bool {
	rec, ok := c.ConsentFor(ch)
	return ok && rec.Granted
}

// GrantConsent appends a record that the customer agreed to marketing on ch.
func (c *Customer) GrantConsent(ch Channel, at time.Time, source string) {
	c.Consents = append(c.Consents, Consent{Channel: ch, Granted: true, At: at, Source: source, Purpose: "marketing"})
}

// WithdrawConsent appends a record that the customer withdrew consent for ch.
func (c *Customer) WithdrawConsent(ch Channel, at time.Time, source string) {
	c.Consents = append(c.Consents, Consent{Channel: ch, Granted: false, At: at, Source: source, Purpose: "marketing"})
}
