package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestQuickstartPrintsEverySection runs the main job on a small demo shop and
// checks that each section is there with numbers that follow from the shop.
func TestQuickstartPrintsEverySection(t *testing.T) {
	var out bytes.Buffer
	report := filepath.Join(t.TempDir(), "report.md")
	err := run(context.Background(), []string{"-db", "memory", "-customers", "300", "-seed", "7", "-report", report}, &out, io.Discard)
	require.NoError(t, err)
	text := out.String()
	for _, section := range []string{
		"== The shop in the store", "== Customer 360°", "== Segments (RFM", "k-means on log RFM",
		"== Customer lifetime value", "== Forecast: daily revenue for the next 90 days",
		"Reorder advice", "== Recommendations", "== Refund and return decisions", "== Automations", "== Report",
	} {
		assert.Contains(t, text, section)
	}
	assert.Regexp(t, regexp.MustCompile(`(?m)^\s+300 customers`), text)
	assert.Regexp(t, regexp.MustCompile(`For a first-time visitor:\n\s+\S.*trending in the shop`), text)
	assert.Contains(t, text, "a planted refund abuser")
	assert.Regexp(t, regexp.MustCompile(`(?m)^\s+order-confirmation\s+order create\s+[1-9]\d* sent`), text)
	assert.Regexp(t, regexp.MustCompile(`(?m)^\s+win-back\s+90 days after the last order\s+[1-9]\d* sent`), text)
	assert.Regexp(t, regexp.MustCompile(`Webhook receiver: \d+ requests, [1-9]\d* distinct keys, 0 bad signatures`), text)
	assert.Contains(t, text, "Sample e-mail")
	md, err := os.ReadFile(report)
	require.NoError(t, err)
	assert.Contains(t, string(md), "Revenue")
}

// TestQuickstartRerunAddsNothing checks that a second run on the same SQLite
// file finds everything stored.
func TestQuickstartRerunAddsNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo shop into SQLite twice")
	}
	db := filepath.Join(t.TempDir(), "demo.db")
	args := []string{"-db", db, "-customers", "60", "-report", ""}
	require.NoError(t, run(context.Background(), args, io.Discard, io.Discard))
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), args, &out, io.Discard))
	assert.Contains(t, out.String(), "nothing added")
}
