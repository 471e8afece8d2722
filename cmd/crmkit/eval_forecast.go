package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/crmkit/crmkit/forecast"
)

func init() {
	registerEval(&command{
		name:    "forecast",
		summary: "backtest forecasting methods on a long-format series file (tourism competition format)",
		run:     runEvalForecast,
	})
}

func runEvalForecast(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("crmkit eval forecast", stderr)
	dataDir := filepath.Join("..", "shared", "data", "forecast", "tourism")
	seriesPath := fs.String("series", filepath.Join(dataDir, "tourism_monthly_long.csv"), "long CSV: series_id,split,t,year,cycle,value (split train/test)")
	metaPath := fs.String("meta", filepath.Join(dataDir, "tourism_meta.csv"), "meta CSV with columns series_id and frequency (and h)")
	methodList := fs.String("methods", "naive,snaive,drift,theta,damped,ets,comb", "comma-separated methods: naive,snaive,drift,hw,theta,damped,ets,mstl,auto,comb,comb-mean,comb-damped")
	levelList := fs.String("levels", "", "interval levels to score for coverage, e.g. 80,95 (empty: point forecasts only)")
	workers := fs.Int("workers", 0, "parallel fits (0: all cores)")
	limit := fs.Int("limit", 0, "evaluate only the first N series (0: all)")
	outPath := fs.String("out", "", "write every point forecast to this CSV (method,series_id,h1..hN)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	tasks, err := readForecastTasks(*seriesPath, *metaPath)
	if err != nil {
		return err
	}
	if *limit > 0 && *limit < len(tasks) {
		tasks = tasks[:*limit]
	}
	var levels []float64
	if *levelList != "" {
		for _, s := range strings.Split(*levelList, ",") {
			l, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
			if err != nil {
				return fmt.Errorf("%w: -levels: %v", errUsage, err)
			}
			levels = append(levels, l)
		}
	}
	var methods []forecast.Method
	for _, name := range strings.Split(*methodList, ",") {
		m, ok := forecastMethodByName(strings.TrimSpace(name))
		if !ok {
			return fmt.Errorf("%w: unknown method %q", errUsage, name)
		}
		methods = append(methods, m)
	}
	fmt.Fprintf(stdout, "%s: %d series\n", filepath.Base(*seriesPath), len(tasks))
	header := fmt.Sprintf("%-12s %8s %8s %7s %9s %9s", "method", "sMAPE", "MASE", "failed", "seconds", "cpu-s")
	for _, l := range levels {
		header += fmt.Sprintf(" %7s", fmt.Sprintf("cov%g", l))
	}
	fmt.Fprintln(stdout, header)
	var out *csv.Writer
	if *outPath != "" {
		f, err := os.Create(*outPath)
		if err != nil {
			return err
		}
		defer f.Close()
		out = csv.NewWriter(f)
		defer out.Flush()
		hdr := []string{"method", "series_id"}
		for i := range tasks[0].Test {
			hdr = append(hdr, "h"+strconv.Itoa(i+1))
		}
		out.Write(hdr)
	}
	total := time.Now()
	for _, m := range methods {
		start := time.Now()
		cpu0 := processCPU()
		res, err := forecast.Evaluate(ctx, tasks, []forecast.Method{m}, &forecast.EvalOptions{Levels: levels, Workers: *workers})
		if err != nil {
			return err
		}
		elapsed := time.Since(start)
		cpu := (processCPU() - cpu0).Seconds()
		if out != nil {
			for _, row := range res {
				rec := []string{m.Name, row[0].TaskID}
				for _, v := range row[0].Forecast {
					rec = append(rec, strconv.FormatFloat(v, 'g', 15, 64))
				}
				if err := out.Write(rec); err != nil {
					return err
				}
			}
		}
		s := forecast.Summarise(res, []forecast.Method{m})[0]
		line := fmt.Sprintf("%-12s %8.2f %8.3f %7d %9.2f %9.2f", s.Method, s.SMAPE, s.MASE, s.Failed, elapsed.Seconds(), cpu)
		for _, l := range levels {
			line += fmt.Sprintf(" %7.3f", s.CoverageAt(l))
		}
		fmt.Fprintln(stdout, line)
		if s.Failed > 0 {
			for _, row := range res {
				if row[0].Err != nil {
					fmt.Fprintf(stderr, "  %v\n", row[0].Err)
					break
				}
			}
		}
	}
	fmt.Fprintf(stdout, "wall time %.2f s\n", time.Since(total).Seconds())
	return nil
}

func forecastMethodByName(name string) (forecast.Method, bool) {
	switch name {
	case "naive":
		return forecast.NaiveMethod(), true
	case "snaive":
		return forecast.SeasonalNaiveMethod(), true
	case "drift":
		return forecast.DriftMethod(), true
	case "theta":
		return forecast.ThetaMethod(), true
	case "damped":
		return forecast.DampedMethod(), true
	case "ets":
		return forecast.ETSMethod(nil), true
	case "comb":
		return forecast.Combination(nil), true
	case "hw":
		return forecast.HoltWintersMethod(), true
	case "auto":
		return forecast.AutoMethod(), true
	case "mstl":
		return forecast.MSTLMethod(), true
	case "comb-mean":
		return forecast.Combination(&forecast.CombineOptions{Mean: true}), true
	case "comb-damped":
		return forecast.Combination(&forecast.CombineOptions{Members: []forecast.Method{
			forecast.ETSMethod(nil), forecast.ThetaMethod(), forecast.DampedMethod()}}), true
	}
	return forecast.Method{}, false
}

// readForecastTasks reads a long-format series file and its meta file into
// evaluation tasks, ordered as the series first appear.
func readForecastTasks(seriesPath, metaPath string) ([]forecast.Task, error) {
	period := map[string]int{}
	meta, err := readCSV(metaPath)
	if err != nil {
		return nil, err
	}
	col := columnIndex(meta[0])
	idC, okID := col["series_id"]
	frC, okFr := col["frequency"]
	if !okID || !okFr {
		return nil, fmt.Errorf("%s: need columns series_id and frequency", metaPath)
	}
	for _, r := range meta[1:] {
		f, err := strconv.Atoi(r[frC])
		if err != nil {
			return nil, fmt.Errorf("%s: frequency of %s: %v", metaPath, r[idC], err)
		}
		period[r[idC]] = f
	}
	rows, err := readCSV(seriesPath)
	if err != nil {
		return nil, err
	}
	col = columnIndex(rows[0])
	need := []string{"series_id", "split", "t", "value"}
	for _, c := range need {
		if _, ok := col[c]; !ok {
			return nil, fmt.Errorf("%s: missing column %s", seriesPath, c)
		}
	}
	type point struct {
		t int
		v float64
	}
	byID := map[string]*[2][]point{}
	var order []string
	for i, r := range rows[1:] {
		id := r[col["series_id"]]
		t, err1 := strconv.Atoi(r[col["t"]])
		v, err2 := math.NaN(), error(nil)
		// Missing values (NA or empty) stay NaN: the methods reject such
		// series and the failure is counted, not fatal.
		if raw := strings.TrimSpace(r[col["value"]]); raw != "NA" && raw != "" {
			v, err2 = strconv.ParseFloat(raw, 64)
		}
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("%s line %d: bad t or value", seriesPath, i+2)
		}
		s, ok := byID[id]
		if !ok {
			s = &[2][]point{}
			byID[id] = s
			order = append(order, id)
		}
		switch r[col["split"]] {
		case "train":
			s[0] = append(s[0], point{t, v})
		case "test":
			s[1] = append(s[1], point{t, v})
		default:
			return nil, fmt.Errorf("%s line %d: split must be train or test", seriesPath, i+2)
		}
	}
	tasks := make([]forecast.Task, 0, len(order))
	for _, id := range order {
		s := byID[id]
		p, ok := period[id]
		if !ok {
			return nil, fmt.Errorf("series %s missing from %s", id, metaPath)
		}
		if len(s[1]) == 0 {
			return nil, fmt.Errorf("series %s has no test rows", id)
		}
		vals := func(ps []point) []float64 {
			sort.Slice(ps, func(a, b int) bool { return ps[a].t < ps[b].t })
			out := make([]float64, len(ps))
			for i, p := range ps {
				out[i] = p.v
			}
			return out
		}
		tasks = append(tasks, forecast.Task{ID: id, Train: vals(s[0]), Test: vals(s[1]), Period: p})
	}
	return tasks, nil
}

func readCSV(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("%s: no data rows", path)
	}
	return rows, nil
}

func columnIndex(header []string) map[string]int {
	m := make(map[string]int, len(header))
	for i, h := range header {
		m[strings.TrimSpace(h)] = i
	}
	return m
}
