package forecast

import (
	"errors"
	"testing"
)

func TestCrostonHandWorked(t *testing.T) {
	// Demands 0,3,0,0,5,0 with alpha 0.5: sizes 3,5 and intervals 2,3.
	// Sizes: z = 3, then 3 + 0.5·(5-3) = 4; intervals: p = 2, then
	// 2 + 0.5·(3-2) = 2.5. Croston 4/2.5 = 1.6; SBA 1.6·(1-0.25) = 1.2.
	y := []float64{0, 3, 0, 0, 5, 0}
	opts := &IntermittentOptions{Alpha: 0.5}
	c, err := Croston(y, 3, opts)
	if err != nil {
		t.Fatal(err)
	}
	assertSliceRel(t, "croston", c.Mean, []float64{1.6, 1.6, 1.6}, 1e-12)
	s, _ := SBA(y, 2, opts)
	assertSliceRel(t, "sba", s.Mean, []float64{1.2, 1.2}, 1e-12)
	// TSB with alpha = beta = 0.5: p0 = 2/6, z0 = 3.
	// t1 y=0: p=1/6; t2 y=3: p=7/12, z=3; t3,t4 y=0: p=7/48; t5 y=5: p=55/96,
	// z=4; t6 y=0: p=55/192. Forecast 4·55/192.
	ts, _ := TSB(y, 1, &IntermittentOptions{Alpha: 0.5, Beta: 0.5})
	assertRel(t, "tsb", ts.Mean[0], 4*55.0/192, 1e-12)
	for _, iv := range ts.Intervals {
		if iv.Lower[0] < 0 {
			t.Errorf("negative lower bound %v", iv.Lower[0])
		}
	}
	z, err := Croston([]float64{0, 0, 0}, 2, nil)
	if err != nil || z.Mean[0] != 0 {
		t.Errorf("all-zero demand: %v %v", z, err)
	}
	if _, err := TSB([]float64{1, -1}, 2, nil); !errors.Is(err, ErrInvalid) {
		t.Errorf("negative demand: got %v", err)
	}
}
