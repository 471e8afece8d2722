package insight_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// probeScript is added to a copy of the page for the browser test only (the
// report itself has no script). It records load errors and console errors
// and, once the page has loaded, writes every chart's rendered size and the
// page's width into the DOM, where --dump-dom shows them.
const probeScript = `<script>
window.__errors = [];
window.addEventListener("error", function (e) {
  var t = e.target || {};
  __errors.push(String(e.message || t.src || t.href || "load error"));
}, true);
(function () {
  var orig = console.error;
  console.error = function () { __errors.push(Array.prototype.join.call(arguments, " ")); orig.apply(console, arguments); };
})();
window.addEventListener("load", function () {
  var out = { errors: __errors, charts: {}, scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth };
  document.querySelectorAll("svg.chart").forEach(function (s) {
    var r = s.getBoundingClientRect();
    out.charts[s.getAttribute("data-chart")] = [r.width, r.height];
  });
  var pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>`

// chromium returns the path of a Chromium binary, skipping the test when
// there is none (failing under CI=true, where .ci/chromium.sh installs it).
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CRMKIT_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium not found: CI needs it for the browser test (.ci/chromium.sh installs it)")
	}
	t.Skip("chromium not installed; apt-get install -y chromium to run the browser test")
	return ""
}

func runChromium(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars",
		"--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
	}
	return stdout.Bytes()
}

type probe struct {
	Errors      []string              `json:"errors"`
	Charts      map[string][2]float64 `json:"charts"`
	ScrollWidth float64               `json:"scrollWidth"`
	InnerWidth  float64               `json:"innerWidth"`
}

// TestHTMLInChromium renders the demo shop's report in headless Chromium at
// desktop and phone-like widths: the page loads without errors, every chart
// has a size, nothing overflows the narrow window, and a screenshot is taken.
func TestHTMLInChromium(t *testing.T) {
	if raceEnabled {
		// Rendering has no concurrency; the plain test run covers it.
		t.Skip("browser test skipped under the race detector")
	}
	bin := chromium(t)
	r := demoShopReport(t)
	var page bytes.Buffer
	if err := r.WriteHTML(&page); err != nil {
		t.Fatal(err)
	}
	dir := os.Getenv("INSIGHT_DUMP")
	if dir == "" {
		dir = t.TempDir()
	}
	plain := filepath.Join(dir, "report.html")
	if err := os.WriteFile(plain, page.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	probed := filepath.Join(dir, "report-probe.html")
	html := strings.Replace(page.String(), "<head>", "<head>"+probeScript, 1)
	if err := os.WriteFile(probed, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	charts := []string{"revenue", "cohorts", "funnel", "segments", "ratings", "whatif"}
	for _, size := range []struct {
		name          string
		width, height int
	}{{"desktop", 1280, 900}, {"narrow", 500, 900}} { // 500 px is headless Chromium's narrowest window
		t.Run(size.name, func(t *testing.T) {
			window := "--window-size=" + itoa(size.width) + "," + itoa(size.height)
			dom := runChromium(t, bin, window, "--virtual-time-budget=5000", "--dump-dom", "file://"+probed)
			m := regexp.MustCompile(`(?s)<pre id="probe">(.*?)</pre>`).FindSubmatch(dom)
			if m == nil {
				t.Fatalf("no probe output in the DOM (%d bytes)", len(dom))
			}
			var p probe
			if err := json.Unmarshal([]byte(unescapeHTML(string(m[1]))), &p); err != nil {
				t.Fatalf("probe %s: %v", m[1], err)
			}
			if len(p.Errors) > 0 {
				t.Errorf("page errors: %q", p.Errors)
			}
			for _, c := range charts {
				wh, ok := p.Charts[c]
				if !ok {
					t.Errorf("chart %s missing", c)
				} else if wh[0] <= 0 || wh[1] <= 0 {
					t.Errorf("chart %s has size %v", c, wh)
				}
			}
			if p.ScrollWidth > p.InnerWidth+1 {
				t.Errorf("page is %v px wide in a %v px window", p.ScrollWidth, p.InnerWidth)
			}

			shot := filepath.Join(dir, "report-"+size.name+".png")
			runChromium(t, bin, "--window-size="+itoa(size.width)+",4000", "--screenshot="+shot, "file://"+plain)
			f, err := os.Open(shot)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			img, err := png.Decode(f)
			if err != nil {
				t.Fatalf("screenshot: %v", err)
			}
			if b := img.Bounds(); b.Dx() != size.width {
				t.Errorf("screenshot %v, want width %d", b, size.width)
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// unescapeHTML undoes the escaping --dump-dom applies to text.
func unescapeHTML(s string) string {
	return strings.NewReplacer("&quot;", `"`, "&lt;", "<", "&gt;", ">", "&#39;", "'", "&amp;", "&").Replace(s)
}
