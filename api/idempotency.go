package api

import (
	"container/list"
	"crypto/sha256"
	"sync"
	"time"
)

// idempotency remembers the responses to POST requests that carried an
// Idempotency-Key, per principal, so a client retrying after a lost
// response gets the original answer instead of a second write. It is
// bounded (the oldest entries go first) and entries expire after a TTL. It
// lives in the process: several API processes behind a load balancer do not
// share it, and a restart forgets it.
type idempotency struct {
	mu      sync.Mutex
	max     int
	ttl     time.Duration
	now     func() time.Time
	entries map[string]*list.Element
	order   *list.List // front: oldest
}

type idemEntry struct {
	key      string
	bodyHash [sha256.Size]byte
	route    string
	created  time.Time
	done     bool // false while the first request is still being served
	status   int
	ctype    string
	body     []byte
}

func newIdempotency(max int, ttl time.Duration, now func() time.Time) *idempotency {
	return &idempotency{max: max, ttl: ttl, now: now, entries: map[string]*list.Element{}, order: list.New()}
}

// idemOutcome says what to do with a request carrying a key.
type idemOutcome int

const (
	idemProceed  idemOutcome = iota // first use: serve it, then finish
	idemReplay                      // same request seen: replay the entry
	idemMismatch                    // key used for another request: 422
	idemInFlight                    // same key still being served: 409
)

// begin looks up key for a request with the given route and body hash and,
// on first use, reserves the key.
func (s *idempotency) begin(key, route string, bodyHash [sha256.Size]byte) (idemOutcome, idemEntry) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	s.expire(now)
	if el, ok := s.entries[key]; ok {
		e := el.Value.(*idemEntry)
		switch {
		case e.route != route || e.bodyHash != bodyHash:
			return idemMismatch, idemEntry{}
		case !e.done:
			return idemInFlight, idemEntry{}
		}
		return idemReplay, *e
	}
	for s.order.Len() >= s.max {
		s.drop(s.order.Front())
	}
	e := &idemEntry{key: key, route: route, bodyHash: bodyHash, created: now}
	s.entries[key] = s.order.PushBack(e)
	return idemProceed, idemEntry{}
}

// finish stores the response to a reserved key. Server errors are not
// stored: the key is released so a retry can succeed.
func (s *idempotency) finish(key string, status int, ctype string, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	el, ok := s.entries[key]
	if !ok {
		return
	}
	if status >= 500 {
		s.drop(el)
		return
	}
	e := el.Value.(*idemEntry)
	e.done, e.status, e.ctype, e.body = true, status, ctype, body
}

// expire drops entries older than the TTL; the list is in creation order.
func (s *idempotency) expire(now time.Time) {
	for el := s.order.Front(); el != nil; el = s.order.Front() {
		e := el.Value.(*idemEntry)
		if now.Sub(e.created) < s.ttl {
			return
		}
		s.drop(el)
	}
}

func (s *idempotency) drop(el *list.Element) {
	e := s.order.Remove(el).(*idemEntry)
	delete(s.entries, e.key)
}

// len returns the number of entries held.
func (s *idempotency) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.order.Len()
}
