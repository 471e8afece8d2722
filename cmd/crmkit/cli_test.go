package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/internal/storeopen"
	"github.com/crmkit/crmkit/store"
)

// The store commands are tested against one small demo shop, generated once
// by "crmkit demo" into a temporary SQLite file; tests that write get a copy.
var (
	testShopOptions = demo.Options{Seed: 7, Customers: 200}
	testShopDir     string // holds shop.db and demo.json (the demo command's output)
	testShopErr     error
	errSkipShop     = errors.New("test shop not built in -short mode")
)

func TestMain(m *testing.M) {
	flag.Parse()
	if testing.Short() {
		testShopErr = errSkipShop
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "crmkit-cli-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testShopDir = dir
	var out, errOut bytes.Buffer
	testShopErr = dispatch(context.Background(), "crmkit", commands, []string{
		"demo", "-db", filepath.Join(dir, "shop.db"), "-customers", fmt.Sprint(testShopOptions.Customers),
		"-seed", fmt.Sprint(testShopOptions.Seed), "-json", "-q",
	}, &out, &errOut)
	if testShopErr == nil {
		testShopErr = os.WriteFile(filepath.Join(dir, "demo.json"), out.Bytes(), 0o600)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// sharedShop returns the path of the test shop for tests that only read it.
func sharedShop(t *testing.T) string {
	t.Helper()
	if testShopErr == errSkipShop {
		t.Skip("builds a demo shop (skipped with -short)")
	}
	if testShopErr != nil {
		t.Fatalf("crmkit demo failed to build the test shop: %v", testShopErr)
	}
	return filepath.Join(testShopDir, "shop.db")
}

// shopCopy returns a private copy of the test shop for tests that write.
func shopCopy(t *testing.T) string {
	t.Helper()
	src := sharedShop(t)
	dst := filepath.Join(t.TempDir(), "shop.db")
	for _, suffix := range []string{"", "-wal"} {
		raw, err := os.ReadFile(src + suffix)
		if errors.Is(err, os.ErrNotExist) && suffix != "" {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst+suffix, raw, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// testShopTruth regenerates the test shop in memory (the generator is
// deterministic) for what the store does not say, such as planted duplicates.
func testShopTruth(t *testing.T) *demo.Shop {
	t.Helper()
	opts := testShopOptions
	shop, err := demo.Generate(&opts)
	if err != nil {
		t.Fatal(err)
	}
	return shop
}

// cli runs crmkit in-process with args and returns stdout, stderr and the
// exit code main would use.
func cli(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := dispatch(context.Background(), "crmkit", commands, args, &out, &errOut)
	code = exitCode(err, &errOut)
	return out.String(), errOut.String(), code
}

// cliOK runs crmkit and fails the test unless it exits with 0.
func cliOK(t *testing.T, args ...string) string {
	t.Helper()
	out, errOut, code := cli(t, args...)
	if code != exitOK {
		t.Fatalf("crmkit %s: exit %d\nstderr: %s", strings.Join(args, " "), code, errOut)
	}
	return out
}

// cliJSON runs crmkit and decodes its stdout into v.
func cliJSON(t *testing.T, v any, args ...string) {
	t.Helper()
	out := cliOK(t, args...)
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("crmkit %s: stdout is not JSON: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// wantExit runs crmkit and checks the exit code and that stderr names the problem.
func wantExit(t *testing.T, code int, stderrPart string, args ...string) {
	t.Helper()
	_, errOut, got := cli(t, args...)
	if got != code {
		t.Errorf("crmkit %s: exit %d, want %d\nstderr: %s", strings.Join(args, " "), got, code, errOut)
	}
	if !strings.Contains(errOut, stderrPart) {
		t.Errorf("crmkit %s: stderr lacks %q:\n%s", strings.Join(args, " "), stderrPart, errOut)
	}
}

// openShop opens a test shop for independent checks of the commands' output.
func openShop(t *testing.T, path string) store.Store {
	t.Helper()
	st, err := storeopen.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestTopLevelHelpListsEveryCommand(t *testing.T) {
	_, errOut, code := cli(t, "-h")
	if code != exitOK {
		t.Fatalf("crmkit -h: exit %d", code)
	}
	for name, c := range commands {
		if !strings.Contains(errOut, fmt.Sprintf("  %-12s %s\n", name, c.summary)) {
			t.Errorf("crmkit -h lacks %q with its summary:\n%s", name, errOut)
		}
		if c.summary == "" || strings.Contains(c.summary, "\n") {
			t.Errorf("command %s: summary %q is not one line", name, c.summary)
		}
	}
	for _, name := range []string{"demo", "customers", "segment", "clv", "forecast", "recommend", "export", "erase"} {
		if commands[name] == nil {
			t.Errorf("command %s is not registered", name)
		}
	}
	wantExit(t, exitUsage, "unknown command", "nope")
	wantExit(t, exitUsage, "needs a command")
}

func TestEveryCommandHelpShowsDescriptionAndFlags(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		lines []string // the synopsis, a phrase of the description, and flags
	}{
		{[]string{"demo"}, []string{"usage: crmkit demo", "Generates the seeded demo shop", "-db", "-customers", "-seed", "-months", "-products", "-end", "-currency", "-no-events", "-stationary", "-json", "-q"}},
		{[]string{"customers"}, []string{"usage: crmkit customers [list]", "Lists customers", "customers show", "customers merge", "-since", "-until", "-email", "-external-id", "-tag", "-limit", "-after", "-json"}},
		{[]string{"customers", "show"}, []string{"usage: crmkit customers show", "Shows everything about one customer", "-orders", "-events", "-rfm", "-as-of", "-json"}},
		{[]string{"customers", "merge"}, []string{"usage: crmkit customers merge", "Folds the profile DROP into KEEP", "-yes", "-json"}},
		{[]string{"customers", "duplicates"}, []string{"usage: crmkit customers duplicates", "same person", "-json", "-q"}},
		{[]string{"segment"}, []string{"usage: crmkit segment", "RFM scores", "-list", "-clusters", "-k", "-query", "-fields", "-limit", "-as-of", "-months", "-json", "-q"}},
		{[]string{"clv"}, []string{"usage: crmkit clv", "Gamma-Gamma", "-months", "-discount", "-margin", "-model", "-top", "-customer", "-as-of", "-json", "-q"}},
		{[]string{"forecast"}, []string{"usage: crmkit forecast", "prediction intervals", "-freq", "-horizon", "-measure", "-product", "-category", "-top", "-levels", "-as-of", "-json", "-q"}},
		{[]string{"recommend"}, []string{"usage: crmkit recommend", "the reason for it", "-customer", "-item", "-model", "-n", "-behavior", "-include-seen", "-diversity", "-category", "-save", "-load", "-json", "-q"}},
		{[]string{"export"}, []string{"usage: crmkit export", "one JSON document", "-out", "-q"}},
		{[]string{"erase"}, []string{"usage: crmkit erase -yes", "kept without\npersonal data", "-yes", "-forget-model", "-no-compact", "-json", "-q"}},
	} {
		out, errOut, code := cli(t, append(tc.args, "-h")...)
		if code != exitOK || out != "" {
			t.Errorf("crmkit %s -h: exit %d, stdout %q", strings.Join(tc.args, " "), code, out)
		}
		for _, want := range tc.lines {
			if strings.HasPrefix(want, "-") {
				// A flag line of PrintDefaults: "  -name type", "  -name\n" or "  -q\tusage".
				line := "\n  " + want
				if !strings.Contains(errOut, line+" ") && !strings.Contains(errOut, line+"\n") && !strings.Contains(errOut, line+"\t") {
					t.Errorf("crmkit %s -h lacks flag %q:\n%s", strings.Join(tc.args, " "), want, errOut)
				}
				continue
			}
			if !strings.Contains(errOut, want) {
				t.Errorf("crmkit %s -h lacks %q:\n%s", strings.Join(tc.args, " "), want, errOut)
			}
		}
	}
}

func TestExitCodes(t *testing.T) {
	for err, want := range map[error]int{
		nil:                                  exitOK,
		fmt.Errorf("%w: bad flag", errUsage): exitUsage,
		fmt.Errorf("%w: no customer", errNotFound):  exitNotFound,
		fmt.Errorf("%w: need -yes", errUnconfirmed): exitUnconfirmed,
		errors.New("disk full"):                     exitError,
		fmt.Errorf("wrapped: %w", errNotFound):      exitNotFound,
		fmt.Errorf("erase: %w", store.ErrNotFound):  exitError, // a store error, not a name the user gave
	} {
		if got := exitCode(err, io.Discard); got != want {
			t.Errorf("exitCode(%v) = %d, want %d", err, got, want)
		}
	}
}

func TestParseInterspersed(t *testing.T) {
	fs := newFlagSet("x", io.Discard)
	j := fs.Bool("json", false, "")
	db := fs.String("db", "", "")
	pos, err := parseInterspersed(fs, []string{"A", "-json", "B", "-db", "x.db", "--", "-C"})
	if err != nil || !*j || *db != "x.db" || strings.Join(pos, ",") != "A,B,-C" {
		t.Errorf("got %q, json %v, db %q, err %v", pos, *j, *db, err)
	}
	if _, err := parseInterspersed(fs, []string{"A", "-nope"}); !errors.Is(err, errUsage) {
		t.Errorf("unknown flag after an argument: %v, want a usage error", err)
	}
}
