package forecast

import (
	"encoding/csv"
	"os"
	"strconv"
	"testing"
)

// loadTourismMonthly reads the first n monthly tourism training series and
// R forecast 8.20's forecasts for them, keyed by method.
func loadTourismMonthly(t testing.TB, n int) (train map[string][]float64, test map[string][]float64, ids []string, rfc map[string]map[string][]float64) {
	t.Helper()
	read := func(name string) [][]string {
		f, err := os.Open(needData(t, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows[1:]
	}
	train, test = map[string][]float64{}, map[string][]float64{}
	for _, r := range read("tourism/tourism_monthly_long.csv") {
		id := r[0]
		if _, seen := train[id]; !seen {
			if len(ids) == n {
				break
			}
			ids = append(ids, id)
		}
		v, _ := strconv.ParseFloat(r[5], 64)
		if r[1] == "train" {
			train[id] = append(train[id], v)
		} else {
			test[id] = append(test[id], v)
		}
	}
	rfc = map[string]map[string][]float64{}
	for _, r := range read("tourism/tourism_monthly_r_forecasts.csv") {
		if rfc[r[0]] == nil {
			rfc[r[0]] = map[string][]float64{}
		}
		var f []float64
		for _, s := range r[2:] {
			v, _ := strconv.ParseFloat(s, 64)
			f = append(f, v)
		}
		rfc[r[0]][r[1]] = f
	}
	return train, test, ids, rfc
}

func TestTourismSubsetMatchesR(t *testing.T) {
	if testing.Short() {
		t.Skip("tourism subset skipped in -short mode")
	}
	train, _, ids, rfc := loadTourismMonthly(t, 60)
	for _, id := range ids {
		y := train[id]
		th, err := Theta(y, 12, 24)
		if err != nil {
			t.Fatalf("%s theta: %v", id, err)
		}
		assertSliceRel(t, id+" thetaf", th.Mean, rfc["thetaf"][id], 1e-3)
		sn, _ := SeasonalNaive(y, 12, 24)
		assertSliceRel(t, id+" snaive", sn.Mean, rfc["snaive"][id], 1e-12)
	}
	// ETS on every fifth series (the full set runs in the eval command).
	for i := 0; i < len(ids); i += 5 {
		id := ids[i]
		fc, err := ETSMethod(nil).Forecast(train[id], 12, 24, nil)
		if err != nil {
			t.Fatalf("%s ets: %v", id, err)
		}
		assertSliceRel(t, id+" ets ("+fc.Method+")", fc.Mean, rfc["ets"][id], 1e-3)
	}
}
