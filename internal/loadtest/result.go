package loadtest

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"text/tabwriter"
	"time"
)

// kindOrder is the order kinds are reported in.
var kindOrder = []string{KindGetCustomer, KindListCustomers, KindCustomerOrders, KindGetOrder,
	KindCreateCustomer, KindCreateOrder, KindIngestEvents, KindRecommend}

func summarise(perClient [][]sample, elapsed time.Duration, clients int) *Result {
	res := &Result{Clients: clients, Elapsed: elapsed}
	byKind := map[string][]time.Duration{}
	errs := map[string]int{}
	var all []time.Duration
	for _, ss := range perClient {
		for _, s := range ss {
			res.Requests++
			byKind[s.kind] = append(byKind[s.kind], s.dur)
			all = append(all, s.dur)
			if s.err != nil {
				res.Errors++
				errs[s.kind]++
				if len(res.FirstErrors) < 5 {
					res.FirstErrors = append(res.FirstErrors, s.err.Error())
				}
			}
		}
	}
	secs := elapsed.Seconds()
	if secs > 0 {
		res.RPS = float64(res.Requests) / secs
	}
	for _, k := range kindOrder {
		ds := byKind[k]
		if len(ds) == 0 {
			continue
		}
		res.Kinds = append(res.Kinds, kindResult(k, ds, errs[k], secs))
	}
	if len(all) > 0 {
		res.Kinds = append(res.Kinds, kindResult("all", all, res.Errors, secs))
	}
	return res
}

func kindResult(kind string, ds []time.Duration, errs int, secs float64) KindResult {
	slices.Sort(ds)
	kr := KindResult{Kind: kind, Requests: len(ds), Errors: errs, P50: Quantile(ds, 0.50), P99: Quantile(ds, 0.99), Max: ds[len(ds)-1]}
	if secs > 0 {
		kr.RPS = float64(len(ds)) / secs
	}
	return kr
}

// Quantile returns the q-quantile of sorted durations by the nearest-rank
// method: the smallest value with at least q of the values at or below it.
func Quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(q*float64(len(sorted)) + 0.999999999)
	rank = max(1, min(rank, len(sorted)))
	return sorted[rank-1]
}

// WriteText prints the result as a table for people.
func (r *Result) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "kind\trequests\terrors\treq/s\tp50\tp99\tmax\t\n")
	for _, k := range r.Kinds {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.0f\t%s\t%s\t%s\t\n", k.Kind, k.Requests, k.Errors, k.RPS, ms(k.P50), ms(k.P99), ms(k.Max))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "%d clients, %d requests in %s: %.0f req/s, %d errors\n", r.Clients, r.Requests, r.Elapsed.Round(time.Millisecond), r.RPS, r.Errors)
	fmt.Fprintf(w, "writes acknowledged: %d customers, %d orders, %d events; store grew by %d, %d, %d; lost writes: %d; unacknowledged writes stored: %d\n",
		r.Acknowledged.Customers, r.Acknowledged.Orders, r.Acknowledged.Events, r.Stored.Customers, r.Stored.Orders, r.Stored.Events, r.Lost, r.Unacknowledged)
	errs := append([]string(nil), r.FirstErrors...)
	sort.Strings(errs)
	for _, e := range errs {
		fmt.Fprintf(w, "error: %s\n", e)
	}
	return nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond)) }
