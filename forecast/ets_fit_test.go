package forecast

import "testing"

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
