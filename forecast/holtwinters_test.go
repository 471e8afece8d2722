package forecast

import "testing"

func ptr(v float64) *float64 { return &v }

func TestHoltWintersFixedRecursions(t *testing.T) {
	ap := loadColumn(t, "AirPassengers.csv")
	ref := refValues(t, "airpassengers_reference.json")
	cases := []struct {
		key  string
		opts HWOptions
	}{
		{"hw_additive.fixed_a0.3_b0.05_g0.2_SSE", HWOptions{Seasonal: HWAdditive, Alpha: ptr(0.3), Beta: ptr(0.05), Gamma: ptr(0.2)}},
		{"hw_multiplicative.fixed_a0.3_b0.05_g0.2_SSE", HWOptions{Seasonal: HWMultiplicative, Alpha: ptr(0.3), Beta: ptr(0.05), Gamma: ptr(0.2)}},
		{"hw_ses_fixed_a0.3_SSE", HWOptions{Seasonal: HWLevelOnly, Alpha: ptr(0.3)}},
		{"hw_holt_fixed_a0.3_b0.05_SSE", HWOptions{Seasonal: HWNonSeasonal, Alpha: ptr(0.3), Beta: ptr(0.05)}},
	}
	for _, c := range cases {
		m, err := HoltWinters(ap, 12, &c.opts)
		if err != nil {
			t.Fatal(err)
		}
		assertRel(t, c.key, m.SSE, refNum(t, ref, c.key), 1e-6)
	}
}

func TestHoltWintersOptimisedMatchesR(t *testing.T) {
	ap := loadColumn(t, "AirPassengers.csv")
	ref := refValues(t, "airpassengers_reference.json")
	for _, c := range []struct {
		key  string
		kind HWSeasonal
	}{{"hw_additive", HWAdditive}, {"hw_multiplicative", HWMultiplicative}} {
		m, err := HoltWinters(ap, 12, &HWOptions{Seasonal: c.kind})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: alpha %.6f beta %.6f gamma %.6f SSE %.4f (R %.4f)", c.key, m.Alpha, m.Beta, m.Gamma, m.SSE, refNum(t, ref, c.key+".SSE"))
		// The SSE surface is flat near the optimum: ours must be at least as
		// low as R's and the parameters close.
		if m.SSE > refNum(t, ref, c.key+".SSE")*(1+1e-6) {
			t.Errorf("%s SSE %.6f above R's", c.key, m.SSE)
		}
		assertRel(t, c.key+" alpha", m.Alpha, refNum(t, ref, c.key+".alpha"), 0.02)
		assertRel(t, c.key+" beta", m.Beta, refNum(t, ref, c.key+".beta"), 0.05)
		assertRel(t, c.key+" gamma", m.Gamma, refNum(t, ref, c.key+".gamma"), 0.02)
		fc, err := m.Forecast(24, 95)
		if err != nil {
			t.Fatal(err)
		}
		assertSliceRel(t, c.key+" forecast", fc.Mean, refList(t, ref, c.key+".forecast_h1_24"), 2e-3)
		iv, _ := fc.Interval(95)
		assertSliceRel(t, c.key+" lo95", iv.Lower, refList(t, ref, c.key+".pi95_lower_h1_24"), 5e-3)
		assertSliceRel(t, c.key+" hi95", iv.Upper, refList(t, ref, c.key+".pi95_upper_h1_24"), 5e-3)
		assertSliceRel(t, c.key+" fitted", m.Fitted[:3], refList(t, ref, c.key+".fitted_first3_xhat"), 1e-5)
	}
}

func TestHoltWintersSmallSeries(t *testing.T) {
	au := loadColumn(t, "austourists.csv")
	ref := refValues(t, "small_series_reference.json")
	for _, c := range []struct {
		key  string
		kind HWSeasonal
	}{{"austourists.hw_additive", HWAdditive}, {"austourists.hw_multiplicative", HWMultiplicative}} {
		m, err := HoltWinters(au, 4, &HWOptions{Seasonal: c.kind})
		if err != nil {
			t.Fatal(err)
		}
		if m.SSE > refNum(t, ref, c.key+".SSE")*(1+1e-6) {
			t.Errorf("%s SSE %.6f above R's %.6f", c.key, m.SSE, refNum(t, ref, c.key+".SSE"))
		}
		assertRel(t, c.key+" alpha", m.Alpha, refNum(t, ref, c.key+".alpha"), 0.02)
		fc, _ := m.Forecast(8)
		assertSliceRel(t, c.key+" forecast", fc.Mean, refList(t, ref, c.key+".forecast_h1_8"), 5e-3)
	}
}

func TestSimpleExponentialSmoothingMatchesR(t *testing.T) {
	ap := loadColumn(t, "AirPassengers.csv")
	ref := refValues(t, "airpassengers_reference.json")
	m, err := HoltWinters(ap, 12, &HWOptions{Seasonal: HWLevelOnly, Alpha: ptr(0.1)})
	if err != nil {
		t.Fatal(err)
	}
	fc, _ := m.Forecast(1)
	assertRel(t, "ses(alpha=0.1, initial=simple)", fc.Mean[0], refNum(t, ref, "ses_alpha0.1_simple.forecast"), 1e-9)
	opt, err := HoltWinters(ap, 12, &HWOptions{Seasonal: HWLevelOnly})
	if err != nil {
		t.Fatal(err)
	}
	assertRel(t, "optimised SES alpha", opt.Alpha, refNum(t, ref, "hw_ses_opt.alpha"), 1e-3)
	if opt.SSE > refNum(t, ref, "hw_ses_opt.SSE")*(1+1e-6) {
		t.Errorf("optimised SES SSE %.4f above R's", opt.SSE)
	}
}
