package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeRatings writes a small ratings file: users who like either the low or the
// high half of the items.
func writeRatings(t *testing.T, dir, name, sep string, users, items int, test bool) string {
	t.Helper()
	var b strings.Builder
	for u := 0; u < users; u++ {
		lo := (u % 2) * items / 2
		for i := lo; i < lo+items/2; i++ {
			if (i+u)%4 == 0 != test {
				continue
			}
			fmt.Fprintf(&b, "%d%s%d%s4%s%d\n", u, sep, i, sep, sep, 880000000+u*100+i)
		}
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestEvalRecommendCommand(t *testing.T) {
	dir := t.TempDir()
	train := writeRatings(t, dir, "train.csv", ",", 40, 20, false)
	test := writeRatings(t, dir, "test.csv", ",", 40, 20, true)
	var out, errb bytes.Buffer
	err := runEvalRecommend(context.Background(), []string{"-train", train, "-test", test, "-sep", ",", "-search=false", "-reference=false"}, &out, &errb)
	if err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	text := out.String()
	for _, want := range []string{"mostpop", "itemknn", "rp3beta", "ease", "als", "blend", "NDCG@10"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	// the two halves are perfectly separable: item models find every test item
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "ease ") && !strings.Contains(line, "1.000") {
			t.Errorf("EASE should reach hit rate 1 on separable data: %s", line)
		}
	}
	err = runEvalRecommend(context.Background(), []string{"-train", filepath.Join(dir, "missing"), "-test", test}, &out, &errb)
	if err == nil {
		t.Error("missing file accepted")
	}
	err = runEvalRecommend(context.Background(), []string{"-k", "0"}, &out, &errb)
	if !errors.Is(err, errUsage) {
		t.Errorf("-k 0: %v, want usage error", err)
	}
}
