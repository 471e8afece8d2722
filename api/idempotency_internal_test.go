package api

import (
	"crypto/sha256"
	"testing"
	"time"
)

func TestIdempotencyStates(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s := newIdempotency(2, time.Minute, func() time.Time { return now })
	h := sha256.Sum256([]byte("body"))
	if o, _ := s.begin("a", "POST /x", h); o != idemProceed {
		t.Fatalf("first use: %v", o)
	}
	if o, _ := s.begin("a", "POST /x", h); o != idemInFlight {
		t.Fatalf("while in flight: %v", o)
	}
	// A server error releases the key.
	s.finish("a", 500, "application/problem+json", nil)
	if o, _ := s.begin("a", "POST /x", h); o != idemProceed {
		t.Fatalf("after a 500: %v", o)
	}
	s.finish("a", 201, "application/json", []byte("{}"))
	o, e := s.begin("a", "POST /x", h)
	if o != idemReplay || e.status != 201 || string(e.body) != "{}" {
		t.Fatalf("replay: %v %+v", o, e)
	}
	if o, _ := s.begin("a", "POST /x", sha256.Sum256([]byte("other"))); o != idemMismatch {
		t.Fatalf("other body: %v", o)
	}
	now = now.Add(time.Minute)
	if o, _ := s.begin("a", "POST /x", h); o != idemProceed {
		t.Fatalf("after the TTL: %v", o)
	}
	s.begin("b", "POST /x", h)
	s.begin("c", "POST /x", h)
	if n := s.len(); n != 2 {
		t.Fatalf("%d entries, bound 2", n)
	}
}
