package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/crmkit/crmkit/forecast"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/store"
)

func init() {
	register(&command{
		name:    "forecast",
		summary: "forecast sales (revenue, units, orders) or one product's demand with prediction intervals",
		run:     runForecast,
	})
}

const forecastNotes = `examples:
  crmkit forecast                                   daily revenue, the next 28 days
  crmkit forecast -freq weekly -horizon 13          weekly revenue, the next quarter
  crmkit forecast -product P00068 -freq weekly      one product's unit demand
  crmkit forecast -category shoes -measure units    a category's units
  crmkit forecast -top 5 -freq weekly               unit demand of the 5 best sellers

The method is chosen per series (MSTL/ETS for daily and weekly data, a combination
otherwise, TSB for intermittent demand); forecasts and bounds are never negative.`

var (
	forecastFrequencies = map[string]forecast.Frequency{"daily": forecast.Daily, "weekly": forecast.Weekly, "monthly": forecast.Monthly, "quarterly": forecast.Quarterly}
	forecastMeasures    = map[string]forecast.Measure{"revenue": forecast.Revenue, "units": forecast.Units, "orders": forecast.Orders}
)

// forecastPeriod is one forecast period in the -json output.
type forecastPeriod struct {
	Start time.Time `json:"start"`
	Mean  float64   `json:"mean"`
	// Intervals maps each level ("80", "95") to its [lower, upper] bounds.
	Intervals map[string][2]float64 `json:"intervals"`
}

// forecastResult is one forecast series in the -json output.
type forecastResult struct {
	Key     string `json:"key"`
	Name    string `json:"name,omitempty"`
	Measure string `json:"measure"`
	Method  string `json:"method"`
	// History is the series the forecast was fitted to: its first period,
	// its length and its total.
	HistoryStart   time.Time        `json:"history_start"`
	HistoryPeriods int              `json:"history_periods"`
	HistoryTotal   float64          `json:"history_total"`
	TotalMean      float64          `json:"total_mean"`
	Periods        []forecastPeriod `json:"periods"`
}

// forecastOutput is the -json output of crmkit forecast.
type forecastOutput struct {
	Frequency string    `json:"frequency"`
	Horizon   int       `json:"horizon"`
	Levels    []float64 `json:"levels"`
	// AsOf is where the history ends and the forecast begins: DataEnd (the
	// day after the last order, or -as-of) cut back to a period boundary.
	AsOf      time.Time        `json:"as_of"`
	DataEnd   time.Time        `json:"data_end"`
	Forecasts []forecastResult `json:"forecasts"`
}

func runForecast(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("crmkit forecast", stderr)
	usageFor(fs, stderr, "crmkit forecast [flags]",
		"Forecasts the shop's sales, a category's or one product's demand, with prediction intervals.", forecastNotes)
	db := fs.String("db", "crmkit-demo.db", dbFlagDoc)
	freq := fs.String("freq", "daily", "calendar: daily, weekly, monthly or quarterly")
	horizon := fs.Int("horizon", 0, "periods to forecast (default: 28 days, 13 weeks, 12 months or 8 quarters)")
	measure := fs.String("measure", "", "revenue, units or orders (default: revenue for the shop and categories, units for products)")
	product := fs.String("product", "", "forecast this product's demand (product ID)")
	category := fs.String("category", "", "forecast this category's sales")
	top := fs.Int("top", 0, "forecast each of the N best-selling products (by units)")
	levelsFlag := fs.String("levels", "80,95", "prediction interval levels in percent, comma-separated")
	asOf := fs.String("as-of", "", "fit on orders before this day (default: the day after the latest order)")
	asJSON := fs.Bool("json", false, "print JSON")
	quiet := fs.Bool("q", false, "no progress on stderr")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return fmt.Errorf("%w: forecast takes no arguments", errUsage)
	}
	f, ok := forecastFrequencies[*freq]
	if !ok {
		return fmt.Errorf("%w: -freq %q: want daily, weekly, monthly or quarterly", errUsage, *freq)
	}
	if *horizon < 0 || *top < 0 {
		return fmt.Errorf("%w: -horizon and -top must not be negative", errUsage)
	}
	targets := 0
	for _, on := range []bool{*product != "", *category != "", *top > 0} {
		if on {
			targets++
		}
	}
	if targets > 1 {
		return fmt.Errorf("%w: use one of -product, -category and -top", errUsage)
	}
	levels, err := parseLevels(*levelsFlag)
	if err != nil {
		return err
	}
	opts := forecast.SeriesOptions{Measure: forecast.Revenue, Group: forecast.Total}
	switch {
	case *product != "" || *top > 0:
		opts.Group, opts.Measure = forecast.ByProduct, forecast.Units
	case *category != "":
		opts.Group = forecast.ByCategory
	}
	if *measure != "" {
		if opts.Measure, ok = forecastMeasures[*measure]; !ok {
			return fmt.Errorf("%w: -measure %q: want revenue, units or orders", errUsage, *measure)
		}
	}
	measureName := map[forecast.Measure]string{forecast.Revenue: "revenue", forecast.Units: "units", forecast.Orders: "orders"}[opts.Measure]

	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	names := map[string]string{}
	if *product != "" {
		p, err := st.GetProduct(ctx, *product)
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("%w: no product %q", errNotFound, *product)
		} else if err != nil {
			return err
		}
		names[p.ID] = p.Name
	}
	end, err := asOfOrEnd(ctx, st, *asOf)
	if err != nil {
		return err
	}
	b := newBar(stderr, *quiet, "reading orders")
	orders, err := readOrders(ctx, st, end, b)
	b.Finish()
	if err != nil {
		return err
	}
	// A period cut short by the end of the data would read as a slump.
	opts.From, opts.To = orders[0].PlacedAt, f.Truncate(end)
	if !opts.To.After(opts.From) {
		return fmt.Errorf("the orders before %s do not fill one %s period", day(end), f)
	}
	series, err := forecast.BuildSeries(orders, f, &opts)
	if err != nil {
		return err
	}
	var chosen []forecast.Series
	switch {
	case *product != "" || *category != "":
		key := *product + *category
		i := slices.IndexFunc(series, func(s forecast.Series) bool { return s.Key == key })
		if i < 0 {
			return fmt.Errorf("%w: no sales of %q before %s", errNotFound, key, day(end))
		}
		chosen = series[i : i+1]
	case *top > 0:
		chosen = bestSellers(orders, series, *top)
		if err := productNames(ctx, st, chosen, names); err != nil {
			return err
		}
	default:
		chosen = series
	}

	fb := newBar(stderr, *quiet || len(chosen) == 1, "forecasting")
	fcs, err := forecastAll(ctx, chosen, &forecast.AutoOptions{Horizon: *horizon, Levels: levels}, fb)
	fb.Finish()
	if err != nil {
		return err
	}
	out := forecastOutput{Frequency: f.String(), Levels: levels, AsOf: opts.To, DataEnd: end, Forecasts: []forecastResult{}}
	for i, fc := range fcs {
		out.Horizon = len(fc.Mean)
		out.Forecasts = append(out.Forecasts, newForecastResult(chosen[i], fc, measureName, names[chosen[i].Key]))
	}
	if *asJSON {
		return encodeJSON(stdout, out)
	}
	printForecast(stdout, out)
	return st.Close()
}

// parseLevels reads "80,95".
func parseLevels(s string) ([]float64, error) {
	var levels []float64
	for part := range strings.SplitSeq(s, ",") {
		v, err := strconv.ParseFloat(strings.TrimSpace(part), 64)
		if err != nil || v <= 0 || v >= 100 {
			return nil, fmt.Errorf("%w: -levels %q: want percentages between 0 and 100, e.g. 80,95", errUsage, s)
		}
		levels = append(levels, v)
	}
	return levels, nil
}

// bestSellers picks the n product series with the most units, most first.
func bestSellers(orders []order.Order, series []forecast.Series, n int) []forecast.Series {
	units := map[string]int{}
	for i := range orders {
		if orders[i].Counts() {
			for _, l := range orders[i].Lines {
				units[l.ProductID] += l.Quantity
			}
		}
	}
	sorted := slices.Clone(series)
	slices.SortStableFunc(sorted, func(a, b forecast.Series) int {
		if d := units[b.Key] - units[a.Key]; d != 0 {
			return d
		}
		return strings.Compare(a.Key, b.Key)
	})
	return sorted[:min(n, len(sorted))]
}

func productNames(ctx context.Context, st store.Store, series []forecast.Series, names map[string]string) error {
	for _, s := range series {
		p, err := st.GetProduct(ctx, s.Key)
		if errors.Is(err, store.ErrNotFound) {
			continue // sold before the catalogue was loaded
		} else if err != nil {
			return err
		}
		names[p.ID] = p.Name
	}
	return nil
}

// forecastAll runs forecast.Auto on every series, GOMAXPROCS at a time,
// moving b as each finishes. The first error stops it.
func forecastAll(ctx context.Context, series []forecast.Series, opts *forecast.AutoOptions, b *bar) ([]*forecast.Forecast, error) {
	out := make([]*forecast.Forecast, len(series))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		done     int
		firstErr error
		next     = make(chan int)
	)
	for range min(runtime.GOMAXPROCS(0), len(series)) {
		wg.Go(func() {
			for i := range next {
				fc, err := forecast.Auto(ctx, series[i], opts)
				mu.Lock()
				out[i] = fc
				if err != nil && firstErr == nil {
					firstErr = fmt.Errorf("forecast %s: %w", series[i].Key, err)
					cancel()
				}
				done++
				b.Update(done, len(series))
				mu.Unlock()
			}
		})
	}
	b.Update(0, len(series))
feed:
	for i := range series {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

func newForecastResult(s forecast.Series, fc *forecast.Forecast, measure, name string) forecastResult {
	r := forecastResult{
		Key: s.Key, Name: name, Measure: measure, Method: fc.Method,
		HistoryStart: s.Start, HistoryPeriods: len(s.Values), Periods: []forecastPeriod{},
	}
	for _, v := range s.Values {
		r.HistoryTotal += v
	}
	for i, m := range fc.Mean {
		p := forecastPeriod{Start: fc.Time(i), Mean: m, Intervals: map[string][2]float64{}}
		for _, iv := range fc.Intervals {
			p.Intervals[levelKey(iv.Level)] = [2]float64{iv.Lower[i], iv.Upper[i]}
		}
		r.TotalMean += m
		r.Periods = append(r.Periods, p)
	}
	return r
}

func printForecast(w io.Writer, out forecastOutput) {
	if !out.AsOf.Equal(out.DataEnd) {
		fmt.Fprintf(w, "(the incomplete %s period from %s to %s is left out of the history and forecast instead)\n",
			out.Frequency, day(out.AsOf), day(out.DataEnd.AddDate(0, 0, -1)))
	}
	if len(out.Forecasts) > 1 {
		printForecastSummary(w, out)
		return
	}
	for _, r := range out.Forecasts {
		what := r.Key
		if r.Name != "" {
			what += " " + r.Name
		}
		fmt.Fprintf(w, "%s %s of %s: %s, fitted on %d periods from %s (total %.2f)\n",
			out.Frequency, r.Measure, what, r.Method, r.HistoryPeriods, day(r.HistoryStart), r.HistoryTotal)
		fmt.Fprintf(w, "next %d periods from %s: %.2f expected in all\n", len(r.Periods), day(out.AsOf), r.TotalMean)
		tw := newTable(w)
		fmt.Fprint(tw, "PERIOD\tMEAN")
		for _, l := range out.Levels {
			fmt.Fprintf(tw, "\t%g%% LOW\t%g%% HIGH", l, l)
		}
		fmt.Fprintln(tw)
		for _, p := range r.Periods {
			label := day(p.Start)
			if out.Frequency == forecast.Daily.String() {
				label = p.Start.Format("2006-01-02 Mon")
			}
			fmt.Fprintf(tw, "%s\t%.2f", label, p.Mean)
			for _, l := range out.Levels {
				b := p.Intervals[levelKey(l)]
				fmt.Fprintf(tw, "\t%.2f\t%.2f", b[0], b[1])
			}
			fmt.Fprintln(tw)
		}
		tw.Flush()
	}
}

// printForecastSummary prints one line per series: the total expected over
// the horizon and the first period with its widest interval.
func printForecastSummary(w io.Writer, out forecastOutput) {
	wide := slices.Max(out.Levels)
	fmt.Fprintf(w, "%s %s, next %d periods from %s\n", out.Frequency, out.Forecasts[0].Measure, out.Horizon, day(out.AsOf))
	tw := newTable(w)
	fmt.Fprintf(tw, "KEY\tNAME\tMETHOD\tHISTORY TOTAL\tEXPECTED\tFIRST PERIOD\t%g%% INTERVAL\n", wide)
	for _, r := range out.Forecasts {
		first := r.Periods[0]
		b := first.Intervals[levelKey(wide)]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.0f\t%.2f\t%.2f\t%.2f – %.2f\n", r.Key, dash(r.Name), r.Method, r.HistoryTotal, r.TotalMean, first.Mean, b[0], b[1])
	}
	tw.Flush()
}

// levelKey names an interval level in forecastPeriod.Intervals.
func levelKey(level float64) string { return strconv.FormatFloat(level, 'f', -1, 64) }
