package forecast

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// dataDir is the shared data folder beside the repository checkout.
const dataDir = "../../shared/data/forecast"

func needData(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join(dataDir, name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("reference data %s not present (expected beside the checkout): %v", p, err)
	}
	return p
}

// loadColumn reads the numeric second column of a small CSV file.
func loadColumn(t testing.TB, name string) []float64 {
	t.Helper()
	f, err := os.Open(needData(t, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []float64
	for _, r := range rows[1:] {
		v, err := strconv.ParseFloat(r[1], 64)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

// refValues reads the "values" map of a reference JSON file.
func refValues(t testing.TB, name string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(needData(t, name))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Values map[string]any `json:"values"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Values
}

func refNum(t testing.TB, v map[string]any, key string) float64 {
	t.Helper()
	x, ok := v[key].(float64)
	if !ok {
		t.Fatalf("reference key %s missing", key)
	}
	return x
}

func refList(t testing.TB, v map[string]any, key string) []float64 {
	t.Helper()
	l, ok := v[key].([]any)
	if !ok {
		t.Fatalf("reference key %s missing", key)
	}
	out := make([]float64, len(l))
	for i, x := range l {
		out[i] = x.(float64)
	}
	return out
}

func refMap(t testing.TB, v map[string]any, key string) map[string]float64 {
	t.Helper()
	l, ok := v[key].(map[string]any)
	if !ok {
		t.Fatalf("reference key %s missing", key)
	}
	out := map[string]float64{}
	for k, x := range l {
		out[k] = x.(float64)
	}
	return out
}

func relErr(got, want float64) float64 {
	return math.Abs(got-want) / math.Max(math.Abs(want), 1e-12)
}

// assertRel fails when got is not within rel relative error of want.
func assertRel(t testing.TB, what string, got, want, rel float64) {
	t.Helper()
	if relErr(got, want) > rel || math.IsNaN(got) {
		t.Errorf("%s = %.10g, want %.10g (rel err %.2g > %.2g)", what, got, want, relErr(got, want), rel)
	}
}

func assertSliceRel(t testing.TB, what string, got, want []float64, rel float64) {
	t.Helper()
	if len(got) < len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range want {
		assertRel(t, what+"["+strconv.Itoa(i)+"]", got[i], want[i], rel)
	}
}
