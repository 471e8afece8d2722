package forecast

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// dailySales simulates n days of sales with a linear trend, a weekly and a
// yearly cycle and Gaussian noise.
func dailySales(n int, seed uint64) (y, weekly, yearly []float64) {
	rng := rand.New(rand.NewPCG(seed, 1))
	weekProfile := []float64{-20, -10, -5, 0, 10, 35, -10} // sums to 0
	y, weekly, yearly = make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range y {
		weekly[i] = weekProfile[i%7]
		yearly[i] = 40 * math.Sin(2*math.Pi*float64(i)/365)
		y[i] = 500 + 0.1*float64(i) + weekly[i] + yearly[i] + rng.NormFloat64()*5
	}
	return
}

func TestSTLRecoversWeeklyPattern(t *testing.T) {
	y, weekly, _ := dailySales(140, 3)
	for i := range y { // drop the yearly cycle: 20 weeks only
		y[i] -= 40 * math.Sin(2*math.Pi*float64(i)/365)
	}
	d, err := STL(y, 7, nil)
	if err != nil {
		t.Fatal(err)
	}
	var worst float64
	for i := 14; i < len(y)-14; i++ {
		worst = math.Max(worst, math.Abs(d.Seasonal[0][i]-weekly[i]))
		if s := d.Trend[i] + d.Seasonal[0][i] + d.Remainder[i]; math.Abs(s-y[i]) > 1e-9 {
			t.Fatalf("components do not add up at %d", i)
		}
	}
	if worst > 5 {
		t.Errorf("seasonal component off by up to %.2f (amplitude 35, noise sd 5)", worst)
	}
}

func TestMSTLForecastDailySales(t *testing.T) {
	y, weekly, yearly := dailySales(3*365+60, 7)
	d, err := MSTL(y, []int{7, 365}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Periods) != 2 {
		t.Fatalf("periods %v", d.Periods)
	}
	var ew, ey float64
	for i := 400; i < 800; i++ {
		ew = math.Max(ew, math.Abs(d.Seasonal[0][i]-weekly[i]))
		ey = math.Max(ey, math.Abs(d.Seasonal[1][i]-yearly[i]))
	}
	if ew > 6 || ey > 12 {
		t.Errorf("weekly error %.2f, yearly error %.2f", ew, ey)
	}
	// Forecast the last 28 days from the rest and compare with the truth,
	// over several simulated shops so interval coverage is meaningful.
	var cover80, cover95, mase, smape float64
	const shops = 6
	for seed := uint64(0); seed < shops; seed++ {
		y, _, _ := dailySales(2*365+60, 100+seed)
		train, test := y[:len(y)-28], y[len(y)-28:]
		fc, err := MSTLForecast(context.Background(), train, []int{7, 365}, 28, 80, 95)
		if err != nil {
			t.Fatal(err)
		}
		acc := Score(train, test, 7, fc)
		sn, _ := SeasonalNaive(train, 7, 28)
		base := Score(train, test, 7, sn)
		cover80 += acc.CoverageAt(80) / shops
		cover95 += acc.CoverageAt(95) / shops
		mase += acc.MASE / base.MASE / shops
		smape += acc.SMAPE / shops
	}
	t.Logf("sMAPE %.2f, MASE relative to weekly seasonal naive %.3f, coverage 80%%: %.2f, 95%%: %.2f", smape, mase, cover80, cover95)
	if smape > 3 {
		t.Errorf("MSTL forecast sMAPE %.2f%% on regular series", smape)
	}
	if mase >= 1 {
		t.Errorf("MSTL not better than weekly seasonal naive (relative MASE %.3f)", mase)
	}
	if cover80 < 0.65 || cover95 < 0.85 {
		t.Errorf("interval coverage 80%%: %.2f, 95%%: %.2f", cover80, cover95)
	}
}
