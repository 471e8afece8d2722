package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"github.com/crmkit/crmkit/demo"
	"github.com/crmkit/crmkit/risk"
)

func init() {
	registerEval(&command{
		name:    "risk",
		summary: "replay the demo shop's return requests through the risk policy; precision and recall against the planted abusers",
		run:     runEvalRisk,
	})
}

func runEvalRisk(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("crmkit eval risk", stderr)
	seed := fs.Uint64("seed", 0, "demo shop seed (0: the default shop)")
	seeds := fs.Int("seeds", 1, "also evaluate this many shops with the following seeds and report each")
	customers := fs.Int("customers", 0, "customers in the demo shop (0: the default 1,000)")
	policyPath := fs.String("policy", "", "JSON policy file (default: risk.DefaultPolicy)")
	refit := fs.Duration("refit", 30*24*time.Hour, "how often the population is refitted during the replay")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *seeds < 1 || *customers < 0 || *refit <= 0 {
		return fmt.Errorf("%w: -seeds and -refit must be positive, -customers not negative", errUsage)
	}
	policy := risk.DefaultPolicy()
	if *policyPath != "" {
		b, err := os.ReadFile(*policyPath)
		if err != nil {
			return err
		}
		policy = &risk.Policy{}
		if err := json.Unmarshal(b, policy); err != nil {
			return fmt.Errorf("%s: %w", *policyPath, err)
		}
		if err := policy.Validate(); err != nil {
			return fmt.Errorf("%s: %w", *policyPath, err)
		}
	}

	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "seed\tmodel\trequests\tby abusers\tflagged\tdenied\tprecision\trecall\thonest flagged\thonest denied\tabusers caught\thonest customers flagged\tCPU s\t")
	fired := map[risk.RuleID][2]int{}
	for k := range *seeds {
		s := *seed + uint64(k)
		shop, err := demo.Generate(&demo.Options{Seed: s, Customers: *customers})
		if err != nil {
			return err
		}
		d := &risk.Dataset{Customers: shop.Customers, Orders: shop.Orders, Returns: shop.Returns, Events: shop.Events}
		for _, withPop := range []bool{true, false} {
			cpu := processCPU()
			res, err := risk.Backtest(ctx, d, policy, &risk.BacktestOptions{RefitEvery: *refit, NoPopulation: !withPop})
			if err != nil {
				return err
			}
			cpu = processCPU() - cpu
			m := risk.Measure(res, shop.Truth.IsAbuser)
			model := "rules + population"
			if !withPop {
				model = "rules only"
			} else {
				for _, r := range res {
					for _, reason := range r.Decision.Reasons {
						c := fired[reason.Rule]
						if shop.Truth.IsAbuser(r.CustomerID) {
							c[0]++
						} else {
							c[1]++
						}
						fired[reason.Rule] = c
					}
				}
			}
			fmt.Fprintf(tw, "%d\t%s\t%d\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t%d/%d\t%d/%d\t%.2f\t\n",
				s, model, m.Requests, m.AbuserRequests, m.Flagged, m.Denied, m.Precision, m.Recall, m.HonestFlagged, m.HonestDenied,
				int(m.AbusersCaught*float64(m.Abusers)+0.5), m.Abusers, int(m.HonestCustomersFlagged*float64(m.HonestCustomers)+0.5), m.HonestCustomers, cpu.Seconds())
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "\nflagged = sent to review or denied; each request judged as of its time (history and population before it).")
	fmt.Fprintln(stdout, "\nrule firings (rules + population), all shops:")
	tw = tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "rule\tabusers' requests\thonest requests\t")
	for _, id := range []risk.RuleID{risk.RuleWindow, risk.RuleReturnRate, risk.RuleRefundShare, risk.RuleVelocity, risk.RuleHighValue,
		risk.RuleFirstOrder, risk.RuleRefundOnly, risk.RuleRepeatClaim, risk.RuleRatedWell, risk.RuleAnomaly} {
		fmt.Fprintf(tw, "%s\t%d\t%d\t\n", id, fired[id][0], fired[id][1])
	}
	return tw.Flush()
}
