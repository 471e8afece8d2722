// Package forecast predicts sales and demand: exponential smoothing
// state-space models (ETS) with automatic model selection, classic
// Holt-Winters, Theta, the naive benchmarks, intermittent-demand methods
// (Croston, SBA, TSB), forecast combinations, multiple-seasonal
// decomposition (STL, MSTL) for daily shop data, rolling-origin
// backtesting, and inventory planning from the forecast distribution.
//
// The shortest real use turns the shop's orders into a daily revenue
// series and forecasts it with 80% and 95% prediction intervals:
//
//	s := forecast.SalesSeries(orders, forecast.Daily)
//	fc, err := forecast.Auto(ctx, s, &forecast.AutoOptions{Horizon: 90})
//	for i, mean := range fc.Mean {
//		band, _ := fc.Interval(95)
//		fmt.Println(fc.Time(i).Format("2006-01-02"), mean, band.Lower[i], band.Upper[i])
//	}
//
// and replenishment advice for the best sellers, from their unit-demand
// forecasts:
//
//	plans, err := forecast.PlanTopProducts(ctx, orders, &forecast.ProductPlanOptions{
//		Top: 5, Inventory: forecast.InventoryOptions{LeadTime: 7, ServiceLevel: 0.95}, Stock: stock})
//
// or, for one SKU's forecast, forecast.PlanReorder(fc, opts).
//
// AutoAll forecasts many series (every SKU, every category) in parallel.
//
// On daily data Auto's intervals are calibrated by default: Calibrate
// refits the method at earlier origins of the series and rescales the
// model's intervals so that its own past out-of-sample errors fall inside
// at the nominal rate (empirical intervals, Williams & Goodman 1971); the
// point forecasts are unchanged. AutoOptions.Intervals chooses.
//
// Methods: AutoETS/FitETS (ETS), HoltWinters, Theta, Naive,
// SeasonalNaive, Drift, Damped, Croston/SBA/TSB, MSTLForecast, and
// Combination; each is also a Method value for Evaluate (parallel holdout
// evaluation over many series) and RollingOrigin (time-series
// cross-validation), which score sMAPE, MASE, RMSE and interval coverage.
//
// The statistical methods follow their published definitions and the
// conventions of R's forecast package (Hyndman et al.), against whose
// outputs they are tested: AutoETS picks the model forecast::ets picks,
// with the same likelihood, AICc and intervals; Theta reproduces thetaf;
// HoltWinters reproduces stats::HoltWinters.
//
// Everything here works on plain []float64 values; Series adds a calendar.
// Fitted models are immutable and safe for concurrent use. Functions that
// fit many series (Evaluate, Auto, AutoETS) take a context and stop when it
// is cancelled. Bad input (too short, NaN, negative demand) gets an error
// wrapping ErrTooShort, ErrNonFinite or ErrInvalid; forecasts never hold
// NaN values.
package forecast
