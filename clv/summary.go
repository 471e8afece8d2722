package clv

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/crmkit/crmkit/order"
	"github.com/google/uuid"
)

// Transaction is one purchase: who, when, and the money it brought in.
type Transaction struct {
	CustomerID uuid.UUID
	At         time.Time
	Amount     float64
}

// SummaryOptions configures the summary builder. The zero value (or nil)
// measures time in weeks and uses all transactions for calibration, ending
// at the start of the day after the last one.
type SummaryOptions struct {
	// Unit is the time unit of Recency, T and the holdout length; zero
	// means one week. Model parameters are in this unit.
	Unit time.Duration
	// CalibrationEnd splits the data: transactions before it calibrate, the
	// ones from it to ObservationEnd form the holdout. Zero means
	// ObservationEnd (no holdout).
	CalibrationEnd time.Time
	// ObservationEnd is the end of the data (exclusive); zero means the
	// start of the day (UTC) after the last transaction.
	ObservationEnd time.Time
}

// Summary is one customer's purchase history as the models see it, all
// times in the chosen unit. Purchases on the same calendar day (UTC) are one
// purchase; the first purchase starts the customer's history and is not
// counted in Frequency.
type Summary struct {
	CustomerID uuid.UUID `json:"customer_id"`
	// Frequency is the number of repeat purchases in calibration.
	Frequency float64 `json:"frequency"`
	// Recency is the time from the first to the last purchase.
	Recency float64 `json:"recency"`
	// T is the time from the first purchase to the end of calibration.
	T float64 `json:"t"`
	// MonetaryValue is the mean value of the repeat purchases (0 without any).
	MonetaryValue float64 `json:"monetary_value"`
	// HoldoutFrequency and HoldoutValue are the purchases and their total
	// value after CalibrationEnd; HoldoutDuration is the holdout's length.
	HoldoutFrequency float64 `json:"holdout_frequency"`
	HoldoutValue     float64 `json:"holdout_value"`
	HoldoutDuration  float64 `json:"holdout_duration"`
}

// Summaries builds model summaries from orders: those that count as sales
// (order.Order.Counts), valued at order.Order.Revenue.
func Summaries(orders []order.Order, opt *SummaryOptions) ([]Summary, error) {
	txs := make([]Transaction, 0, len(orders))
	for i := range orders {
		o := &orders[i]
		if o.Counts() {
			txs = append(txs, Transaction{CustomerID: o.CustomerID, At: o.PlacedAt, Amount: o.Revenue().InexactFloat64()})
		}
	}
	return FromTransactions(txs, opt)
}

// FromTransactions builds one Summary per customer with a purchase before
// the calibration end, ordered by customer ID. It returns ErrNoData when
// there is none and an *InputError for a non-finite amount or bad options.
func FromTransactions(txs []Transaction, opt *SummaryOptions) ([]Summary, error) {
	var o SummaryOptions
	if opt != nil {
		o = *opt
	}
	if o.Unit == 0 {
		o.Unit = 7 * 24 * time.Hour
	}
	if o.Unit < 0 {
		return nil, invalid("options.unit", o.Unit, "must be positive")
	}
	if len(txs) == 0 {
		return nil, ErrNoData
	}
	for i, t := range txs {
		if math.IsNaN(t.Amount) || math.IsInf(t.Amount, 0) {
			return nil, invalid(fmt.Sprintf("transactions[%d].amount", i), t.Amount, "must be finite")
		}
	}
	if o.ObservationEnd.IsZero() {
		var last time.Time
		for _, t := range txs {
			if t.At.After(last) {
				last = t.At
			}
		}
		o.ObservationEnd = day(last).Add(24 * time.Hour)
	}
	if o.CalibrationEnd.IsZero() {
		o.CalibrationEnd = o.ObservationEnd
	}
	if o.CalibrationEnd.After(o.ObservationEnd) {
		return nil, invalid("options.calibration_end", o.CalibrationEnd, "after the observation end")
	}
	// Merge each customer's purchases per calendar day.
	type purchase struct {
		day    time.Time
		amount float64
	}
	byCust := map[uuid.UUID][]purchase{}
	for _, t := range txs {
		if !t.At.Before(o.ObservationEnd) {
			continue
		}
		byCust[t.CustomerID] = append(byCust[t.CustomerID], purchase{day(t.At), t.Amount})
	}
	unit := float64(o.Unit)
	in := func(d time.Duration) float64 { return float64(d) / unit }
	out := make([]Summary, 0, len(byCust))
	for id, ps := range byCust {
		slices.SortFunc(ps, func(a, b purchase) int { return a.day.Compare(b.day) })
		merged := ps[:0]
		for _, p := range ps {
			if n := len(merged); n > 0 && merged[n-1].day.Equal(p.day) {
				merged[n-1].amount += p.amount
				continue
			}
			merged = append(merged, p)
		}
		first := merged[0].day
		if !first.Before(o.CalibrationEnd) {
			continue
		}
		s := Summary{CustomerID: id, T: in(o.CalibrationEnd.Sub(first)), HoldoutDuration: in(o.ObservationEnd.Sub(o.CalibrationEnd))}
		repeat := 0.0
		for _, p := range merged[1:] {
			if p.day.Before(o.CalibrationEnd) {
				s.Frequency++
				s.Recency = in(p.day.Sub(first))
				repeat += p.amount
			} else {
				s.HoldoutFrequency++
				s.HoldoutValue += p.amount
			}
		}
		if s.Frequency > 0 {
			s.MonetaryValue = repeat / s.Frequency
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil, ErrNoData
	}
	slices.SortFunc(out, func(a, b Summary) int { return compareUUID(a.CustomerID, b.CustomerID) })
	return out, nil
}

func day(t time.Time) time.Time { return t.UTC().Truncate(24 * time.Hour) }

func compareUUID(a, b uuid.UUID) int {
	for i := range a {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// check validates the summaries for the transaction models: whole,
// non-negative frequencies and 0 ≤ recency ≤ T, with recency 0 when there
// is no repeat purchase.
func check(ss []Summary) error {
	if len(ss) == 0 {
		return ErrNoData
	}
	for i, s := range ss {
		f := func(name string) string { return fmt.Sprintf("summaries[%d].%s", i, name) }
		switch {
		case !(s.Frequency >= 0) || s.Frequency != math.Trunc(s.Frequency) || math.IsInf(s.Frequency, 0):
			return invalid(f("frequency"), s.Frequency, "must be a whole number >= 0")
		case !(s.T > 0) || math.IsInf(s.T, 0):
			return invalid(f("t"), s.T, "must be positive and finite")
		case !(s.Recency >= 0) || s.Recency > s.T:
			return invalid(f("recency"), s.Recency, "must lie in [0, T]")
		case s.Frequency == 0 && s.Recency != 0:
			return invalid(f("recency"), s.Recency, "must be 0 without repeat purchases")
		}
	}
	return nil
}
