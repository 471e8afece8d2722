package forecast

import "testing"

func TestNaiveFamilyMatchesR(t *testing.T) {
	ap := loadColumn(t, "AirPassengers.csv")
	ref := refValues(t, "airpassengers_reference.json")
	fc, err := SeasonalNaive(ap, 12, 24, 80, 95)
	if err != nil {
		t.Fatal(err)
	}
	assertSliceRel(t, "snaive", fc.Mean, refList(t, ref, "snaive.forecast_h1_24"), 1e-12)
	iv80, _ := fc.Interval(80)
	iv95, _ := fc.Interval(95)
	assertSliceRel(t, "snaive lo80", iv80.Lower, refList(t, ref, "snaive.lo80_h1_24"), 1e-9)
	assertSliceRel(t, "snaive hi80", iv80.Upper, refList(t, ref, "snaive.hi80_h1_24"), 1e-9)
	assertSliceRel(t, "snaive lo95", iv95.Lower, refList(t, ref, "snaive.lo95_h1_24"), 1e-9)
	assertSliceRel(t, "snaive hi95", iv95.Upper, refList(t, ref, "snaive.hi95_h1_24"), 1e-9)
	nv, err := Naive(ap, 12, 80, 95)
	if err != nil {
		t.Fatal(err)
	}
	iv80, _ = nv.Interval(80)
	iv95, _ = nv.Interval(95)
	assertSliceRel(t, "naive lo80", iv80.Lower, refList(t, ref, "naive.lo80_h1_12"), 1e-9)
	assertSliceRel(t, "naive hi95", iv95.Upper, refList(t, ref, "naive.hi95_h1_12"), 1e-9)
	// Drift on a hand-checked case: y = 1, 3, 5, 7 gives slope 2, zero spread.
	d, err := Drift([]float64{1, 3, 5, 7}, 3)
	if err != nil {
		t.Fatal(err)
	}
	assertSliceRel(t, "drift", d.Mean, []float64{9, 11, 13}, 1e-12)
}

func TestThetaMatchesR(t *testing.T) {
	ap := loadColumn(t, "AirPassengers.csv")
	ref := refValues(t, "airpassengers_reference.json")
	fc, err := Theta(ap, 12, 24, 95)
	if err != nil {
		t.Fatal(err)
	}
	assertSliceRel(t, "thetaf", fc.Mean, refList(t, ref, "thetaf.forecast_h1_24"), 1e-4)
	iv, _ := fc.Interval(95)
	assertSliceRel(t, "thetaf lo95", iv.Lower, refList(t, ref, "thetaf.lo95_h1_24"), 1e-3)
	assertSliceRel(t, "thetaf hi95", iv.Upper, refList(t, ref, "thetaf.hi95_h1_24"), 1e-3)
	small := refValues(t, "small_series_reference.json")
	ls := loadColumn(t, "livestock.csv")
	fl, err := Theta(ls, 1, 10)
	if err != nil {
		t.Fatal(err)
	}
	assertSliceRel(t, "livestock thetaf", fl.Mean, refList(t, small, "livestock.thetaf.forecast_h1_10"), 1e-4)
}
