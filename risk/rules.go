package risk

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/crmkit/crmkit/order"
	"github.com/google/uuid"
)

const day = 24 * time.Hour

// facts is what every rule looks at: the request, the customer's history
// as of the request, the policy and the population (nil when none).
type facts struct {
	req     *Request
	at      time.Time
	s       *snapshot
	created time.Time
	p       *Policy
	pop     *Population
}

// rule checks one thing and returns its reason when it fires.
type rule func(f *facts) (Reason, bool)

// rules lists every rule Evaluate runs.
var rules = []rule{windowRule, returnRateRule, refundShareRule, velocityRule, highValueRule, firstOrderRule, refundOnlyRule, repeatClaimRule, ratedWellRule, anomalyRule}

// windowRule: goods must be sent back within the window of their category,
// counted from delivery.
func windowRule(f *facts) (Reason, bool) {
	w := &f.p.Window
	o := &f.req.Order
	if w.Weight == 0 || !deliveredAt(o, f.at) {
		return Reason{}, false
	}
	days := f.at.Sub(o.DeliveredAt).Hours() / 24
	window, category := 0, ""
	for _, it := range f.req.Return.Items {
		c := categoryOf(o, it.ProductID)
		if d := w.Days(c); d > window || d == window && c < category {
			window, category = d, c
		}
	}
	if window == 0 {
		window = w.DefaultDays
	}
	if days <= float64(window) {
		return Reason{}, false
	}
	of := ""
	if _, special := w.Categories[category]; special {
		of = " for " + category
	}
	return Reason{
		Rule:     RuleWindow,
		Text:     fmt.Sprintf("request %s days after delivery; window is %d%s", num(days, 1), window, of),
		Points:   w.Weight,
		Evidence: map[string]float64{"days_after_delivery": roundTo(days, 0.1), "window_days": float64(window)},
	}, true
}

func categoryOf(o *order.Order, productID string) string {
	for _, l := range o.Lines {
		if l.ProductID == productID {
			return l.Category
		}
	}
	return ""
}

// returnRateRule: the share of the last delivered orders with a return
// request, this request's order included.
func returnRateRule(f *facts) (Reason, bool) {
	r := &f.p.ReturnRate
	if r.Weight == 0 {
		return Reason{}, false
	}
	delivered := f.s.delivered
	if o := &f.req.Order; deliveredAt(o, f.at) && f.s.byID[o.ID] == nil {
		delivered = append(slices.Clone(delivered), o)
	}
	if len(delivered) > r.LastOrders {
		delivered = delivered[len(delivered)-r.LastOrders:]
	}
	if len(delivered) < r.MinOrders {
		return Reason{}, false
	}
	asked := map[uuid.UUID]bool{f.req.Order.ID: true}
	for _, pr := range f.s.returns {
		asked[pr.OrderID] = true
	}
	returned := 0
	for _, o := range delivered {
		if asked[o.ID] {
			returned++
		}
	}
	share := float64(returned) / float64(len(delivered))
	if share <= r.Max {
		return Reason{}, false
	}
	return Reason{
		Rule:     RuleReturnRate,
		Text:     fmt.Sprintf("%d of the last %d delivered orders returned; limit is %s %%", returned, len(delivered), num(100*r.Max, 1)),
		Points:   r.Weight,
		Evidence: map[string]float64{"returned": float64(returned), "orders": float64(len(delivered)), "share": roundTo(share, 1e-4), "max_share": r.Max},
	}, true
}

// refundShareRule: money asked back over money spent in the look-back period.
func refundShareRule(f *facts) (Reason, bool) {
	r := &f.p.RefundShare
	if r.Weight == 0 {
		return Reason{}, false
	}
	from := f.at.Add(-time.Duration(r.Days) * day)
	spend, orders := 0.0, 0
	seen := false
	for _, o := range f.s.orders {
		if !o.PlacedAt.Before(from) {
			spend += o.Total.InexactFloat64()
			orders++
			seen = seen || o.ID == f.req.Order.ID
		}
	}
	if o := &f.req.Order; !seen && countsAt(o, f.at) && !o.PlacedAt.Before(from) {
		spend += o.Total.InexactFloat64()
		orders++
	}
	if orders < r.MinOrders || spend <= 0 {
		return Reason{}, false
	}
	asked := f.req.Return.Amount.InexactFloat64()
	for _, pr := range f.s.returns {
		if pr.status != order.ReturnRejected && !pr.RequestedAt.Before(from) {
			asked += pr.Amount.InexactFloat64()
		}
	}
	share := asked / spend
	if share <= r.Max {
		return Reason{}, false
	}
	return Reason{
		Rule: RuleRefundShare,
		Text: fmt.Sprintf("refunds asked in the last %d days, this one included, are %s %% of spend (%s of %s); limit is %s %%",
			r.Days, num(100*share, 0), num(asked, 2), num(spend, 2), num(100*r.Max, 1)),
		Points:   r.Weight,
		Evidence: map[string]float64{"asked": roundTo(asked, 0.01), "spend": roundTo(spend, 0.01), "share": roundTo(share, 1e-4), "max_share": r.Max, "days": float64(r.Days)},
	}, true
}

// velocityRule: requests in the last days, this one included.
func velocityRule(f *facts) (Reason, bool) {
	r := &f.p.Velocity
	if r.Weight == 0 {
		return Reason{}, false
	}
	from := f.at.Add(-time.Duration(r.Days) * day)
	n := 1
	for _, pr := range f.s.returns {
		if !pr.RequestedAt.Before(from) {
			n++
		}
	}
	if n <= r.MaxRequests {
		return Reason{}, false
	}
	return Reason{
		Rule:     RuleVelocity,
		Text:     fmt.Sprintf("%d return requests in the last %d days, this one included; limit is %d", n, r.Days, r.MaxRequests),
		Points:   r.Weight,
		Evidence: map[string]float64{"requests": float64(n), "days": float64(r.Days), "max_requests": float64(r.MaxRequests)},
	}, true
}

// highValueRule: a large amount asked back.
func highValueRule(f *facts) (Reason, bool) {
	r := &f.p.HighValue
	amount := f.req.Return.Amount
	if r.Weight == 0 || amount.LessThan(r.Amount) {
		return Reason{}, false
	}
	return Reason{
		Rule:     RuleHighValue,
		Text:     fmt.Sprintf("asks %s back; high value from %s", amount.StringFixed(2), r.Amount.StringFixed(2)),
		Points:   r.Weight,
		Evidence: map[string]float64{"amount": amount.InexactFloat64(), "threshold": r.Amount.InexactFloat64()},
	}, true
}

// firstOrderRule: no earlier order, or a young account.
func firstOrderRule(f *facts) (Reason, bool) {
	r := &f.p.FirstOrder
	if r.Weight == 0 {
		return Reason{}, false
	}
	o := &f.req.Order
	earlier := 0
	for _, x := range f.s.orders {
		if x.ID != o.ID && x.PlacedAt.Before(o.PlacedAt) {
			earlier++
		}
	}
	var found []string
	ev := map[string]float64{"earlier_orders": float64(earlier)}
	if earlier == 0 {
		found = append(found, "first order of the customer")
	}
	if !f.created.IsZero() && r.NewAccountDays > 0 {
		age := f.at.Sub(f.created).Hours() / 24
		ev["account_age_days"] = roundTo(age, 0.1)
		if age < float64(r.NewAccountDays) {
			found = append(found, fmt.Sprintf("account %s days old; new below %d", num(age, 1), r.NewAccountDays))
			ev["new_account_days"] = float64(r.NewAccountDays)
		}
	}
	if len(found) == 0 {
		return Reason{}, false
	}
	return Reason{Rule: RuleFirstOrder, Text: strings.Join(found, "; "), Points: r.Weight, Evidence: ev}, true
}

// refundOnlyRule: money back without goods coming back.
func refundOnlyRule(f *facts) (Reason, bool) {
	r := &f.p.RefundOnly
	if r.Weight == 0 || !f.req.Return.RefundOnly {
		return Reason{}, false
	}
	text := "refund without goods sent back"
	if why := strings.TrimSpace(f.req.Return.Reason); why != "" {
		text += fmt.Sprintf(" (%q)", why)
	}
	return Reason{Rule: RuleRefundOnly, Text: text, Points: r.Weight, Evidence: map[string]float64{"refund_only": 1}}, true
}

// repeatClaimRule: a refund-only request after earlier ones.
func repeatClaimRule(f *facts) (Reason, bool) {
	r := &f.p.RefundOnly
	if r.RepeatWeight == 0 || !f.req.Return.RefundOnly {
		return Reason{}, false
	}
	from := f.at.Add(-time.Duration(r.RepeatDays) * day)
	n := 0
	for _, pr := range f.s.returns {
		if pr.RefundOnly && !pr.RequestedAt.Before(from) {
			n++
		}
	}
	if n < r.RepeatCount {
		return Reason{}, false
	}
	return Reason{
		Rule:     RuleRepeatClaim,
		Text:     fmt.Sprintf("%d earlier refund-only requests in the last %d days; %d or more count as repeated", n, r.RepeatDays, r.RepeatCount),
		Points:   r.RepeatWeight,
		Evidence: map[string]float64{"earlier": float64(n), "days": float64(r.RepeatDays), "repeat_count": float64(r.RepeatCount)},
	}, true
}

// ratedWellRule: the customer rated a product of the request highly
// before asking for its money back.
func ratedWellRule(f *facts) (Reason, bool) {
	r := &f.p.RatedWell
	if r.Weight == 0 {
		return Reason{}, false
	}
	var best *Rating
	for i := range f.s.reviews {
		rv := &f.s.reviews[i]
		if rv.Stars < r.MinRating || rv.OrderID != uuid.Nil && rv.OrderID != f.req.Order.ID {
			continue
		}
		if !slices.ContainsFunc(f.req.Return.Items, func(it order.ReturnItem) bool { return it.ProductID == rv.ProductID }) {
			continue
		}
		if best == nil || rv.Stars > best.Stars || rv.Stars == best.Stars && rv.At.Before(best.At) {
			best = rv
		}
	}
	if best == nil {
		return Reason{}, false
	}
	return Reason{
		Rule:     RuleRatedWell,
		Text:     fmt.Sprintf("rated product %s %d stars on %s, before asking for the money back", best.ProductID, best.Stars, best.At.Format(time.DateOnly)),
		Points:   r.Weight,
		Evidence: map[string]float64{"rating": float64(best.Stars), "min_rating": float64(r.MinRating)},
	}, true
}

// anomalyRule: the customer's return behaviour, this request included,
// against the population's.
func anomalyRule(f *facts) (Reason, bool) {
	r := &f.p.Anomaly
	if r.Weight == 0 || !f.pop.usable() {
		return Reason{}, false
	}
	prof := f.s.profile(f.req)
	scores := f.pop.scores(&prof)
	if len(scores) == 0 {
		return Reason{}, false
	}
	index := math.Inf(-1)
	for _, s := range scores {
		index = max(index, s.Z)
	}
	points := roundTo(r.Weight*min(1, (index-r.From)/(r.To-r.From)), 0.1)
	if points <= 0 {
		return Reason{}, false
	}
	ev := map[string]float64{"index": roundTo(index, 0.01), "from": r.From, "to": r.To}
	sorted := slices.Clone(scores)
	slices.SortStableFunc(sorted, func(a, b Score) int { return cmp.Compare(b.Z, a.Z) })
	var parts []string
	for _, s := range sorted {
		ev["z_"+string(s.Feature)] = roundTo(s.Z, 0.01)
		ev[string(s.Feature)] = roundTo(s.Value, 1e-4)
		ev["median_"+string(s.Feature)] = roundTo(s.Median, 1e-4)
		if s.Z >= r.From || len(parts) == 0 {
			parts = append(parts, fmt.Sprintf("%s %s against a median of %s (z %s)",
				strings.ReplaceAll(string(s.Feature), "_", " "), num(s.Value, 2), num(s.Median, 2), num(s.Z, 1)))
		}
	}
	return Reason{
		Rule:     RuleAnomaly,
		Text:     "returns unlike other customers': " + strings.Join(parts, "; "),
		Points:   points,
		Evidence: ev,
	}, true
}

// num formats x with up to prec decimals, without trailing zeros.
func num(x float64, prec int) string {
	s := strconv.FormatFloat(x, 'f', prec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// roundTo rounds x to a multiple of unit (a power of ten); dividing by the
// inverse keeps 0.07 printing as 0.07.
func roundTo(x, unit float64) float64 {
	inv := math.Round(1 / unit)
	return math.Round(x*inv) / inv
}
