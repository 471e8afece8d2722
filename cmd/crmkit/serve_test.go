package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe to write from the server goroutine
// while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeDemoAndLoadtest starts `crmkit serve -demo` on a free port,
// calls it as the README's curl lines do, runs a small `crmkit loadtest`
// against it and shuts it down as SIGINT would.
func TestServeDemoAndLoadtest(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- runServe(ctx, []string{"-addr", "127.0.0.1:0", "-db", "memory", "-demo", "-customers", "80", "-q"}, &out, &errOut)
	}()
	listening := regexp.MustCompile(`serving the crmkit API on (http://[0-9.:]+)`)
	var base string
	for deadline := time.Now().Add(60 * time.Second); base == ""; {
		if m := listening.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
			break
		}
		select {
		case err := <-done:
			t.Fatalf("serve ended: %v\n%s\n%s", err, out.String(), errOut.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start:\n%s\n%s", out.String(), errOut.String())
		}
	}
	if !strings.Contains(out.String(), "API key (admin): "+demoKey) || !strings.Contains(out.String(), "recommender trained") {
		t.Fatalf("serve output:\n%s", out.String())
	}
	get := func(path, key string) (int, string) {
		req, _ := http.NewRequest("GET", base+path, nil)
		if key != "" {
			req.Header.Set("Authorization", "Bearer "+key)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/stats", demoKey); code != 200 || !strings.Contains(body, `"customers":80`) {
		t.Fatalf("stats: %d %s", code, body)
	}
	if code, _ := get("/stats", "wrong"); code != 401 {
		t.Fatalf("wrong key: %d", code)
	}
	code, body := get("/customers?external_id=C000001", demoKey)
	id := regexp.MustCompile(`"id":"([0-9a-f-]{36})"`).FindStringSubmatch(body)
	if code != 200 || id == nil {
		t.Fatalf("find C000001: %d %s", code, body)
	}
	for _, p := range []string{"/recommendations?n=3", "/segment", "/clv"} {
		if code, body := get("/customers/"+id[1]+p, demoKey); code != 200 {
			t.Fatalf("%s: %d %s", p, code, body)
		}
	}

	var lout, lerr bytes.Buffer
	if err := runLoadtest(ctx, []string{"-addr", base, "-clients", "4", "-requests", "300", "-duration", "30s"}, &lout, &lerr); err != nil {
		t.Fatalf("loadtest: %v\n%s\n%s", err, lout.String(), lerr.String())
	}
	if !strings.Contains(lout.String(), "lost writes: 0") {
		t.Fatalf("loadtest output:\n%s", lout.String())
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not shut down")
	}
	if err := runLoadtest(context.Background(), []string{"-requests", "0", "-duration", "0"}, io.Discard, io.Discard); !errors.Is(err, errUsage) {
		t.Fatalf("unbounded loadtest: %v", err)
	}
	if err := runServe(context.Background(), []string{"-db", "memory", "-role", "root"}, io.Discard, io.Discard); !errors.Is(err, errUsage) {
		t.Fatalf("unknown role: %v", err)
	}
}
