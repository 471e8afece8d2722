package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEvalRiskSmallShop(t *testing.T) {
	var out, errOut bytes.Buffer
	err := dispatch(context.Background(), "crmkit", commands, []string{"eval", "risk", "-customers", "300", "-seed", "5"}, &out, &errOut)
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	for _, want := range []string{"precision", "rules + population", "rules only", "repeat_refund_only", "anomaly"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestEvalRiskBadPolicy(t *testing.T) {
	path := filepath.Join(t.TempDir(), "policy.json")
	if err := os.WriteFile(path, []byte(`{"window":{"default_days":0}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	err := dispatch(context.Background(), "crmkit", commands, []string{"eval", "risk", "-policy", path}, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "window.default_days") {
		t.Fatalf("want an error naming window.default_days, got %v", err)
	}
	err = dispatch(context.Background(), "crmkit", commands, []string{"eval", "risk", "-seeds", "0"}, &out, &errOut)
	if !errors.Is(err, errUsage) {
		t.Fatalf("want a usage error, got %v", err)
	}
}
