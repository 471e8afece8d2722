package forecast

import (
	"context"
	"testing"
)

func TestFitETSMatchesR(t *testing.T) {
	ap := loadColumn(t, "AirPassengers.csv")
	ref := refValues(t, "airpassengers_reference.json")
	for _, key := range []string{"ets_auto", "ets_MAM", "ets_AAA", "ets_ANN", "ets_AAN", "ets_MNM", "ets_AAdA"} {
		spec, err := ParseETSSpec(ref[key+".method"].(string))
		if err != nil {
			t.Fatal(err)
		}
		fit, err := FitETS(ap, 12, spec)
		if err != nil {
			t.Fatalf("%s: %v", spec, err)
		}
		par := refMap(t, ref, key+".par")
		t.Logf("%s: aicc %.4f (R %.4f) alpha %.5f (R %.5f) beta %.5f gamma %.5f phi %.4f evals %d", spec, fit.AICc, refNum(t, ref, key+".aicc"), fit.Alpha, par["alpha"], fit.Beta, fit.Gamma, fit.Phi, fit.evals)
		assertRel(t, spec.String()+" AICc", fit.AICc, refNum(t, ref, key+".aicc"), 2e-3)
	}
}

func TestETSForecastMatchesR(t *testing.T) {
	ap := loadColumn(t, "AirPassengers.csv")
	ref := refValues(t, "airpassengers_reference.json")
	for _, key := range []string{"ets_auto", "ets_MAM", "ets_AAA", "ets_ANN", "ets_AAN", "ets_MNM", "ets_AAdA"} {
		spec, _ := ParseETSSpec(ref[key+".method"].(string))
		fit, err := FitETS(ap, 12, spec)
		if err != nil {
			t.Fatal(err)
		}
		fc, err := fit.Forecast(24, 80, 95)
		if err != nil {
			t.Fatal(err)
		}
		assertSliceRel(t, key+" mean", fc.Mean, refList(t, ref, key+".forecast_h1_24"), 1e-4)
		if _, ok := ref[key+".lo95_h1_24"]; ok {
			iv, _ := fc.Interval(95)
			assertSliceRel(t, key+" lo95", iv.Lower, refList(t, ref, key+".lo95_h1_24"), 2e-3)
			assertSliceRel(t, key+" hi95", iv.Upper, refList(t, ref, key+".hi95_h1_24"), 2e-3)
		}
		if _, ok := ref[key+".sigma2"]; ok {
			assertRel(t, key+" sigma2", fit.Sigma2, refNum(t, ref, key+".sigma2"), 1e-4)
		}
	}
}

func TestAutoETSSelectsLikeR(t *testing.T) {
	ap := loadColumn(t, "AirPassengers.csv")
	ref := refValues(t, "airpassengers_reference.json")
	fit, err := AutoETS(context.Background(), ap, 12, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fit.Spec.String(), ref["ets_auto.method"].(string); got != want {
		t.Fatalf("AutoETS chose %s, R chose %s", got, want)
	}
	par := refMap(t, ref, "ets_auto.par")
	assertRel(t, "alpha", fit.Alpha, par["alpha"], 1e-3)
	assertRel(t, "beta", fit.Beta, par["beta"], 1e-3)
	assertRel(t, "phi", fit.Phi, par["phi"], 1e-3)
	assertRel(t, "AICc", fit.AICc, refNum(t, ref, "ets_auto.aicc"), 1e-6)
	assertRel(t, "loglik", fit.LogLik, refNum(t, ref, "ets_auto.loglik"), 1e-6)
	assertRel(t, "BIC", fit.BIC, refNum(t, ref, "ets_auto.bic"), 1e-6)
	assertRel(t, "MSE", fit.MSE, refNum(t, ref, "ets_auto.mse"), 1e-4)

	small := refValues(t, "small_series_reference.json")
	ls := loadColumn(t, "livestock.csv")
	fl, err := AutoETS(context.Background(), ls, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := fl.Spec.String(); got != small["livestock.ets_auto.method"].(string) {
		t.Errorf("livestock: chose %s", got)
	}
	assertRel(t, "livestock AICc", fl.AICc, refNum(t, small, "livestock.ets_auto.aicc"), 1e-6)
	fcl, _ := fl.Forecast(10)
	assertSliceRel(t, "livestock forecast", fcl.Mean, refList(t, small, "livestock.ets_auto.forecast_h1_10"), 1e-5)

	au := loadColumn(t, "austourists.csv")
	fa, err := AutoETS(context.Background(), au, 4, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := fa.Spec.String(); got != small["austourists.ets_auto.method"].(string) {
		t.Errorf("austourists: chose %s", got)
	}
	assertRel(t, "austourists AICc", fa.AICc, refNum(t, small, "austourists.ets_auto.aicc"), 1e-5)
	fca, _ := fa.Forecast(8, 95)
	assertSliceRel(t, "austourists forecast", fca.Mean, refList(t, small, "austourists.ets_auto.forecast_h1_8"), 1e-4)
	iv, _ := fca.Interval(95)
	assertSliceRel(t, "austourists lo95", iv.Lower, refList(t, small, "austourists.ets_auto.lo95_h1_8"), 2e-3)
	assertSliceRel(t, "austourists hi95", iv.Upper, refList(t, small, "austourists.ets_auto.hi95_h1_8"), 2e-3)
	aaa, _ := FitETS(au, 4, ETSSpec{Error: Additive, Trend: Additive, Season: Additive})
	assertRel(t, "austourists AAA AICc", aaa.AICc, refNum(t, small, "austourists.ets_AAA.aicc"), 1e-5)
}
