package insight_test

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func TestMarkdownFixture(t *testing.T) {
	r := fixtureReport(t)
	var b bytes.Buffer
	if err := r.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	for _, want := range []string{
		"| Revenue | 140.00 EUR | 270.00 EUR | -48.1% |",
		"| Churn rate | 50.0% | 100.0% | -50.0 pp |",
		"| books | 90.00 EUR | 52.9% | 70.00 EUR |",
		"| 2026-02 | 2 | 100% | 50% |",
		"| cart | 3 | 75.0% | 25.0% | 2 | 100.0% | 0.0% |",
		"Net promoter score +25 from 4 surveys",
		"arrived (2), broken (2), delivery (1), late (1)",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
	if os.Getenv("INSIGHT_DUMP") != "" {
		os.WriteFile(os.Getenv("INSIGHT_DUMP")+"/fixture.md", b.Bytes(), 0o644)
	}
}

// TestJSONSchema checks the documented top-level keys and that the JSON
// round-trips.
func TestJSONSchema(t *testing.T) {
	r := fixtureReport(t)
	var b bytes.Buffer
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"schema_version", "title", "currency", "generated_at", "period", "previous_period", "kpis",
		"revenue_by_category", "revenue_by_segment", "top_products", "cohorts", "funnel", "satisfaction", "trend", "value"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	if string(m["schema_version"]) != "1" {
		t.Errorf("schema_version %s", m["schema_version"])
	}
}

func TestHTMLDemo(t *testing.T) {
	r := demoShopReport(t)
	var b bytes.Buffer
	if err := r.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, chart := range []string{"revenue", "cohorts", "funnel", "segments", "ratings", "whatif"} {
		if !strings.Contains(page, `data-chart="`+chart+`"`) {
			t.Errorf("page lacks the %s chart", chart)
		}
	}
	for _, external := range []string{"<script", "<link", "@import", "url(", "src=", "http://", "https://"} {
		if external == "http://" {
			// The SVG namespace is the one allowed URL.
			page2 := strings.ReplaceAll(page, `xmlns="http://www.w3.org/2000/svg"`, "")
			if strings.Contains(page2, external) {
				t.Errorf("page refers to %q", external)
			}
			continue
		}
		if strings.Contains(page, external) {
			t.Errorf("page refers to %q", external)
		}
	}
	if dir := os.Getenv("INSIGHT_DUMP"); dir != "" {
		os.WriteFile(dir+"/demo.html", b.Bytes(), 0o644)
		var md bytes.Buffer
		r.WriteMarkdown(&md)
		os.WriteFile(dir+"/demo.md", md.Bytes(), 0o644)
	}
}
