package segment

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// FeatureOptions says how to prepare columns for clustering. The zero value
// (or nil) standardises every column and nothing else.
type FeatureOptions struct {
	// Log1p marks columns to transform by log(1+x) before standardising,
	// for skewed counts and money; nil means none. Values must be > -1.
	Log1p []bool
	// Weights multiplies each standardised column, to make it count more (or
	// less) in distances; nil means all 1.
	Weights []float64
}

// Scaler maps raw features to the prepared space and back. It is a plain
// value, safe for concurrent use.
type Scaler struct {
	Log1p   []bool    `json:"log1p"`
	Mean    []float64 `json:"mean"`
	SD      []float64 `json:"sd"` // population standard deviation; 1 for a constant column
	Weights []float64 `json:"weights"`
}

// FitScaler learns the per-column means and population standard deviations
// (after log1p where asked) of x. A constant column gets SD 1, so it is
// only centred. It returns ErrNoData for an empty matrix and an
// *InputError for mismatched options or values log1p cannot take.
func FitScaler(x mat.Matrix, opt *FeatureOptions) (*Scaler, error) {
	n, d := x.Dims()
	if n == 0 || d == 0 {
		return nil, ErrNoData
	}
	var o FeatureOptions
	if opt != nil {
		o = *opt
	}
	s := &Scaler{Log1p: make([]bool, d), Mean: make([]float64, d), SD: make([]float64, d), Weights: make([]float64, d)}
	if o.Log1p != nil {
		if len(o.Log1p) != d {
			return nil, invalid("options.log1p", len(o.Log1p), fmt.Sprintf("needs one entry per column (%d)", d))
		}
		copy(s.Log1p, o.Log1p)
	}
	for j := range d {
		s.Weights[j] = 1
	}
	if o.Weights != nil {
		if len(o.Weights) != d {
			return nil, invalid("options.weights", len(o.Weights), fmt.Sprintf("needs one entry per column (%d)", d))
		}
		for j, w := range o.Weights {
			if !(w >= 0) || math.IsInf(w, 0) {
				return nil, invalid(fmt.Sprintf("options.weights[%d]", j), w, "must be finite and not negative")
			}
		}
		copy(s.Weights, o.Weights)
	}
	for j := range d {
		// Two passes: the mean first, then squared deviations, which is
		// accurate where the one-pass formula cancels.
		sum := 0.0
		for i := range n {
			v, err := s.pre(x.At(i, j), i, j)
			if err != nil {
				return nil, err
			}
			sum += v
		}
		mean := sum / float64(n)
		ss := 0.0
		for i := range n {
			v, _ := s.pre(x.At(i, j), i, j)
			ss += (v - mean) * (v - mean)
		}
		s.Mean[j] = mean
		s.SD[j] = math.Sqrt(ss / float64(n))
		if s.SD[j] == 0 {
			s.SD[j] = 1
		}
	}
	return s, nil
}

func (s *Scaler) pre(v float64, i, j int) (float64, error) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, invalid(fmt.Sprintf("x[%d,%d]", i, j), v, "must be finite")
	}
	if s.Log1p[j] {
		if v <= -1 {
			return 0, invalid(fmt.Sprintf("x[%d,%d]", i, j), v, "log1p needs a value above -1")
		}
		v = math.Log1p(v)
	}
	return v, nil
}

// Transform returns the prepared copy of x: log1p where asked, minus the
// mean, over the SD, times the weight.
func (s *Scaler) Transform(x mat.Matrix) (*mat.Dense, error) {
	n, d := x.Dims()
	if d != len(s.Mean) {
		return nil, invalid("x", fmt.Sprintf("%d columns", d), fmt.Sprintf("scaler was fitted on %d", len(s.Mean)))
	}
	out := mat.NewDense(n, d, nil)
	for i := range n {
		row := out.RawRowView(i)
		for j := range d {
			v, err := s.pre(x.At(i, j), i, j)
			if err != nil {
				return nil, err
			}
			row[j] = (v - s.Mean[j]) / s.SD[j] * s.Weights[j]
		}
	}
	return out, nil
}

// Inverse maps prepared rows (such as cluster centres) back to original
// units. A column with weight 0 cannot be recovered and comes back as its
// mean.
func (s *Scaler) Inverse(z mat.Matrix) *mat.Dense {
	n, d := z.Dims()
	out := mat.NewDense(n, d, nil)
	for i := range n {
		for j := range d {
			v := s.Mean[j]
			if s.Weights[j] != 0 {
				v += z.At(i, j) / s.Weights[j] * s.SD[j]
			}
			if s.Log1p[j] {
				v = math.Expm1(v)
			}
			out.Set(i, j, v)
		}
	}
	return out
}

// Prepare fits a Scaler to x and returns the prepared matrix with it.
func Prepare(x mat.Matrix, opt *FeatureOptions) (*mat.Dense, *Scaler, error) {
	s, err := FitScaler(x, opt)
	if err != nil {
		return nil, nil, err
	}
	z, err := s.Transform(x)
	if err != nil {
		return nil, nil, err
	}
	return z, s, nil
}
