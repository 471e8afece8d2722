package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/crmkit/crmkit/clv"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/segment"
	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

func init() {
	register(&command{
		name:    "clv",
		summary: "fit BG/NBD (or Pareto/NBD) and Gamma-Gamma on the orders; top customers by predicted lifetime value",
		run:     runCLV,
	})
}

// weeksPerMonth converts the -months horizon to the models' weekly unit.
const weeksPerMonth = 52.0 / 12

// clvSettings are the flags that shape a lifetime-value prediction.
type clvSettings struct {
	asOf     time.Time
	months   int
	discount float64 // per month
	margin   float64
	model    string // "bgnbd" or "pnbd"
}

// clvFit is a fitted pair of models and every customer's prediction.
type clvFit struct {
	AsOf         time.Time       `json:"as_of"`
	Months       int             `json:"months"`
	DiscountRate float64         `json:"discount_rate_per_month"`
	Margin       float64         `json:"margin"`
	Unit         string          `json:"unit"`
	Customers    int             `json:"customers"`
	BGNBD        *clv.BGNBD      `json:"bgnbd,omitempty"`
	ParetoNBD    *clv.ParetoNBD  `json:"pareto_nbd,omitempty"`
	GammaGamma   *clv.GammaGamma `json:"gamma_gamma"`
	// ExpectedPurchases and TotalCLV add up every customer's prediction.
	ExpectedPurchases float64     `json:"expected_purchases"`
	TotalCLV          float64     `json:"total_clv"`
	Values            []clv.Value `json:"-"`
}

// fitCLV reads the orders placed before s.asOf, fits the purchase and spend
// models in weeks and predicts every customer's value over s.months. b
// shows the reading and is finished when the orders are in.
func fitCLV(ctx context.Context, st store.Store, s clvSettings, b *bar) (*clvFit, error) {
	orders, err := readOrders(ctx, st, s.asOf, b)
	b.Finish()
	if err != nil {
		return nil, err
	}
	ss, err := clv.Summaries(orders, &clv.SummaryOptions{Unit: 7 * 24 * time.Hour, ObservationEnd: s.asOf})
	if err != nil {
		return nil, err
	}
	f := &clvFit{AsOf: s.asOf, Months: s.months, DiscountRate: s.discount, Margin: s.margin, Unit: "week", Customers: len(ss)}
	var pm clv.PurchaseModel
	switch s.model {
	case "pnbd":
		if f.ParetoNBD, err = clv.FitParetoNBD(ctx, ss, nil); err != nil {
			return nil, fmt.Errorf("fit Pareto/NBD: %w", err)
		}
		pm = f.ParetoNBD
	default:
		if f.BGNBD, err = clv.FitBGNBD(ctx, ss, nil); err != nil {
			return nil, fmt.Errorf("fit BG/NBD: %w", err)
		}
		pm = f.BGNBD
	}
	if f.GammaGamma, err = clv.FitGammaGamma(ctx, ss, nil); err != nil {
		return nil, fmt.Errorf("fit Gamma-Gamma: %w", err)
	}
	f.Values, err = clv.Values(pm, f.GammaGamma, ss, clv.ValueOptions{
		Horizon: float64(s.months) * weeksPerMonth, Periods: s.months, DiscountRate: s.discount, Margin: s.margin,
	})
	if err != nil {
		return nil, err
	}
	for _, v := range f.Values {
		f.ExpectedPurchases += v.ExpectedPurchases
		f.TotalCLV += v.CLV
	}
	return f, nil
}

// segmentFacts returns the predictions in the form segment queries read.
func (f *clvFit) segmentFacts() map[uuid.UUID]segment.CLVFacts {
	m := make(map[uuid.UUID]segment.CLVFacts, len(f.Values))
	for _, v := range f.Values {
		m[v.CustomerID] = segment.CLVFacts{Value: v.CLV, PAlive: v.PAlive, ExpectedPurchases: v.ExpectedPurchases, ExpectedAOV: v.ExpectedAOV}
	}
	return m
}

// addCLVFlags registers the flags of a lifetime-value prediction on fs and
// returns a func that reads and checks them after parsing.
func addCLVFlags(fs *flag.FlagSet) func() (clvSettings, error) {
	months := fs.Int("months", 12, "lifetime-value horizon in months")
	discount := fs.Float64("discount", 0.01, "lifetime-value discount rate per month")
	margin := fs.Float64("margin", 1, "share of revenue that is profit (1: value as revenue)")
	model := fs.String("model", "bgnbd", "purchase model: bgnbd or pnbd (Pareto/NBD)")
	return func() (clvSettings, error) {
		s := clvSettings{months: *months, discount: *discount, margin: *margin, model: *model}
		switch {
		case s.months < 1:
			return s, fmt.Errorf("%w: -months %d: want at least 1", errUsage, s.months)
		case s.discount < 0 || s.discount >= 1:
			return s, fmt.Errorf("%w: -discount %g: want a monthly rate in [0, 1)", errUsage, s.discount)
		case s.margin <= 0 || s.margin > 1:
			return s, fmt.Errorf("%w: -margin %g: want a share in (0, 1]", errUsage, s.margin)
		case s.model != "bgnbd" && s.model != "pnbd":
			return s, fmt.Errorf("%w: -model %q: want bgnbd or pnbd", errUsage, s.model)
		}
		return s, nil
	}
}

// clvRow is one customer's prediction with who they are.
type clvRow struct {
	clv.Value
	Rank  int    `json:"rank"`
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
}

// clvOutput is the -json output of crmkit clv.
type clvOutput struct {
	clvFit
	Top []clvRow `json:"top"`
}

func runCLV(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("crmkit clv", stderr)
	usageFor(fs, stderr, "crmkit clv [flags]",
		"Fits BG/NBD (or Pareto/NBD) and Gamma-Gamma to the store's orders by maximum likelihood, prints\n"+
			"the parameters and the customers with the highest predicted lifetime value.", "")
	db := fs.String("db", "crmkit-demo.db", dbFlagDoc)
	settings := addCLVFlags(fs)
	top := fs.Int("top", 10, "customers to list")
	who := fs.String("customer", "", "show this customer's prediction (ID, e-mail or external ID) instead of the top list")
	asOf := fs.String("as-of", "", "fit on orders before this day (default: the day after the latest order)")
	asJSON := fs.Bool("json", false, "print JSON: models, totals and the listed customers")
	quiet := fs.Bool("q", false, "no progress on stderr")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return fmt.Errorf("%w: clv takes no arguments", errUsage)
	}
	s, err := settings()
	if err != nil {
		return err
	}
	if *top < 1 {
		return fmt.Errorf("%w: -top %d: want at least 1", errUsage, *top)
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	var focus *customer.Customer
	if *who != "" {
		c, err := findCustomer(ctx, st, *who)
		if err != nil {
			return err
		}
		focus = &c
	}
	if s.asOf, err = asOfOrEnd(ctx, st, *asOf); err != nil {
		return err
	}
	b := newBar(stderr, *quiet, "reading orders")
	fit, err := fitCLV(ctx, st, s, b)
	b.Finish()
	if err != nil {
		return err
	}

	out := clvOutput{clvFit: *fit, Top: []clvRow{}}
	picked := clv.TopValues(fit.Values, *top)
	if focus != nil {
		picked = nil
		for rank, v := range clv.TopValues(fit.Values, len(fit.Values)) {
			if v.CustomerID == focus.ID {
				out.Top = append(out.Top, clvRow{Value: v, Rank: rank + 1, Name: focus.Name(), Email: focus.Email})
			}
		}
		if len(out.Top) == 0 {
			return fmt.Errorf("%w: customer %s has no order before %s, so no prediction", errNotFound, focus.ID, day(s.asOf))
		}
	}
	for i, v := range picked {
		row := clvRow{Value: v, Rank: i + 1}
		if c, err := st.GetCustomer(ctx, v.CustomerID); err == nil {
			row.Name, row.Email = c.Name(), c.Email
		}
		out.Top = append(out.Top, row)
	}
	if *asJSON {
		return encodeJSON(stdout, out)
	}
	printCLV(stdout, out)
	return st.Close()
}

func printCLV(w io.Writer, out clvOutput) {
	f := &out.clvFit
	fmt.Fprintf(w, "lifetime value as of %s over %d months (%.2g%%/month discount, margin %.2g), %d customers with orders\n",
		day(f.AsOf), f.Months, f.DiscountRate*100, f.Margin, f.Customers)
	if m := f.BGNBD; m != nil {
		fmt.Fprintf(w, "BG/NBD (weeks):    r=%.4f alpha=%.4f a=%.4f b=%.4f  log-likelihood %.2f, %s\n",
			m.R, m.Alpha, m.A, m.B, m.Fit.LogLikelihood, converged(m.Fit))
	}
	if m := f.ParetoNBD; m != nil {
		fmt.Fprintf(w, "Pareto/NBD (weeks): r=%.4f alpha=%.4f s=%.4f beta=%.4f  log-likelihood %.2f, %s\n",
			m.R, m.Alpha, m.S, m.Beta, m.Fit.LogLikelihood, converged(m.Fit))
	}
	g := f.GammaGamma
	fmt.Fprintf(w, "Gamma-Gamma:       p=%.4f q=%.4f v=%.4f  log-likelihood %.2f on %d repeat buyers, %s\n",
		g.P, g.Q, g.V, g.Fit.LogLikelihood, g.Fit.N, converged(g.Fit))
	fmt.Fprintf(w, "expected: %.0f purchases, total value %.2f\n\n", f.ExpectedPurchases, f.TotalCLV)
	tw := newTable(w)
	fmt.Fprintln(tw, "RANK\tCUSTOMER\tE-MAIL\tP(ALIVE)\tEXP. PURCHASES\tEXP. AOV\tCLV")
	for _, r := range out.Top {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%.3f\t%.2f\t%.2f\t%.2f\n", r.Rank, dash(r.Name), dash(r.Email), r.PAlive, r.ExpectedPurchases, r.ExpectedAOV, r.CLV)
	}
	tw.Flush()
}

func converged(fi clv.FitInfo) string {
	if fi.Converged {
		return fmt.Sprintf("converged in %d iterations", fi.Iterations)
	}
	return "NOT converged (" + fi.Status + ")"
}
