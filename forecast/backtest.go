package forecast

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sync"
)

// Accuracy holds the error measures of one forecast against its actuals.
type Accuracy struct {
	SMAPE float64 // mean of 200·|y-f|/(|y|+|f|), in percent
	MASE  float64 // mean |y-f| over the in-sample mean |y_t - y_{t-m}|
	RMSE  float64
	MAPE  float64 // mean of 100·|y-f|/|y| over non-zero actuals
	// Coverage holds, per interval level, the share of actuals inside it.
	Coverage []LevelShare
}

// LevelShare is the share of actual values inside the interval at Level.
type LevelShare struct {
	Level float64
	Share float64
}

// CoverageAt returns the coverage at the given level (0 when not scored).
func (a Accuracy) CoverageAt(level float64) float64 { return shareAt(a.Coverage, level) }

func shareAt(c []LevelShare, level float64) float64 {
	for _, x := range c {
		if x.Level == level {
			return x.Share
		}
	}
	return 0
}

// Score compares a forecast with the actual values that followed train,
// using seasonal period m for the MASE scale (lag 1 when m < 2 or the
// training data are shorter than m+1). MASE is +Inf when the scale is zero
// (a constant or seasonally exact training series).
func Score(train, actual []float64, m int, fc *Forecast) Accuracy {
	n := min(len(actual), len(fc.Mean))
	lag := m
	if lag < 1 || len(train) <= lag {
		lag = 1
	}
	scale := 0.0
	for t := lag; t < len(train); t++ {
		scale += math.Abs(train[t] - train[t-lag])
	}
	scale /= float64(max(len(train)-lag, 1))
	var a Accuracy
	var mapeN int
	var mae float64
	for i := 0; i < n; i++ {
		y, f := actual[i], fc.Mean[i]
		d := math.Abs(y - f)
		if den := math.Abs(y) + math.Abs(f); den > 0 {
			a.SMAPE += 200 * d / den
		}
		if y != 0 {
			a.MAPE += 100 * d / math.Abs(y)
			mapeN++
		}
		mae += d
		a.RMSE += d * d
	}
	a.SMAPE /= float64(n)
	if mapeN > 0 {
		a.MAPE /= float64(mapeN)
	}
	mae /= float64(n)
	a.RMSE = math.Sqrt(a.RMSE / float64(n))
	if scale > 0 {
		a.MASE = mae / scale
	} else {
		a.MASE = math.Inf(1)
	}
	if len(fc.Intervals) > 0 {
		a.Coverage = make([]LevelShare, 0, len(fc.Intervals))
		for _, iv := range fc.Intervals {
			in := 0
			for i := 0; i < n; i++ {
				if actual[i] >= iv.Lower[i] && actual[i] <= iv.Upper[i] {
					in++
				}
			}
			a.Coverage = append(a.Coverage, LevelShare{iv.Level, float64(in) / float64(n)})
		}
	}
	return a
}

// Task is one series to evaluate: training values, the actual values that
// followed, and its seasonal period.
type Task struct {
	ID     string
	Train  []float64
	Test   []float64
	Period int
}

// TaskResult is the outcome of one method on one task.
type TaskResult struct {
	TaskID   string
	Method   string
	Model    string // the model the method chose (e.g. "ETS(M,Ad,M)")
	Forecast []float64
	Accuracy Accuracy
	Err      error
}

// EvalOptions configure Evaluate.
type EvalOptions struct {
	// Levels of prediction intervals to score for coverage (none: point
	// forecasts only, the fastest).
	Levels []float64
	// Workers is the number of parallel fits (default GOMAXPROCS).
	Workers int
	// Progress, when set, is called after each task with the number done.
	Progress func(done, total int)
}

// Evaluate forecasts every task's test horizon with every method, fitting
// tasks in parallel on Workers goroutines, and returns results indexed
// [task][method]. A method failing on a task is recorded in its result, not
// returned. It stops early with ctx.Err() when ctx is cancelled.
func Evaluate(ctx context.Context, tasks []Task, methods []Method, opts *EvalOptions) ([][]TaskResult, error) {
	var o EvalOptions
	if opts != nil {
		o = *opts
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if err := checkForecastArgs(1, o.Levels); err != nil {
		return nil, err
	}
	out := make([][]TaskResult, len(tasks))
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for w := 0; w < o.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				out[i] = evalTask(tasks[i], methods, o.Levels)
				if o.Progress != nil {
					mu.Lock()
					done++
					o.Progress(done, len(tasks))
					mu.Unlock()
				}
			}
		}()
	}
	var err error
feed:
	for i := range tasks {
		select {
		case jobs <- i:
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	return out, nil
}

func evalTask(t Task, methods []Method, levels []float64) []TaskResult {
	res := make([]TaskResult, len(methods))
	h := len(t.Test)
	for j, m := range methods {
		r := TaskResult{TaskID: t.ID, Method: m.Name}
		fc, err := m.Forecast(t.Train, t.Period, h, levels)
		if err != nil {
			r.Err = fmt.Errorf("%s on %s: %w", m.Name, t.ID, err)
		} else {
			r.Model = fc.Method
			r.Forecast = fc.Mean
			r.Accuracy = Score(t.Train, t.Test, t.Period, fc)
		}
		res[j] = r
	}
	return res
}

// Summary averages accuracy over tasks for one method.
type Summary struct {
	Method   string
	SMAPE    float64
	MASE     float64 // over tasks with a finite MASE
	RMSE     float64
	Coverage []LevelShare
	Failed   int // tasks on which the method failed (excluded from the means)
}

// CoverageAt returns the mean coverage at the given level (0 when not scored).
func (s Summary) CoverageAt(level float64) float64 { return shareAt(s.Coverage, level) }

// Summarise averages the results of Evaluate per method.
func Summarise(results [][]TaskResult, methods []Method) []Summary {
	out := make([]Summary, len(methods))
	for j, m := range methods {
		s := Summary{Method: m.Name}
		cov := map[float64]float64{}
		var n, nm int
		for _, row := range results {
			r := row[j]
			if r.Err != nil {
				s.Failed++
				continue
			}
			n++
			s.SMAPE += r.Accuracy.SMAPE
			s.RMSE += r.Accuracy.RMSE
			if !math.IsInf(r.Accuracy.MASE, 0) {
				s.MASE += r.Accuracy.MASE
				nm++
			}
			for _, c := range r.Accuracy.Coverage {
				if _, seen := cov[c.Level]; !seen {
					s.Coverage = append(s.Coverage, LevelShare{Level: c.Level})
				}
				cov[c.Level] += c.Share
			}
		}
		if n > 0 {
			s.SMAPE /= float64(n)
			s.RMSE /= float64(n)
			for i := range s.Coverage {
				s.Coverage[i].Share = cov[s.Coverage[i].Level] / float64(n)
			}
		}
		if nm > 0 {
			s.MASE /= float64(nm)
		}
		out[j] = s
	}
	return out
}

// RollingOrigin evaluates method on y by rolling-origin (time-series cross
// validation): origins start after minTrain observations and move by step,
// each forecasting h steps ahead (fewer at the end of the data); the
// accuracies of all origins are returned in order.
func RollingOrigin(ctx context.Context, y []float64, period int, method Method, minTrain, h, step int, levels []float64) ([]Accuracy, error) {
	if h < 1 {
		return nil, invalid("h", h, "must be at least 1")
	}
	if step < 1 {
		return nil, invalid("step", step, "must be at least 1")
	}
	if minTrain < 2 || minTrain >= len(y) {
		return nil, invalid("minTrain", minTrain, fmt.Sprintf("must be in 2..%d", len(y)-1))
	}
	if err := checkSeries(y, minTrain+1); err != nil {
		return nil, err
	}
	var out []Accuracy
	for origin := minTrain; origin < len(y); origin += step {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		hh := min(h, len(y)-origin)
		fc, err := method.Forecast(y[:origin], period, hh, levels)
		if err != nil {
			return nil, fmt.Errorf("origin %d: %w", origin, err)
		}
		out = append(out, Score(y[:origin], y[origin:origin+hh], period, fc))
	}
	return out, nil
}
