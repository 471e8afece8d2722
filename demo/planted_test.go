package demo

import (
	"math"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/order"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTypeSharesAndParameters(t *testing.T) {
	s := shop(t)
	counts := map[CustomerType]int{}
	rates := map[CustomerType][]float64{}
	dropouts := map[CustomerType][]float64{}
	for _, l := range s.Truth.Customers {
		if l.DuplicateOf != uuid.Nil || l.Abuser {
			continue
		}
		counts[l.Type]++
		rates[l.Type] = append(rates[l.Type], l.Rate)
		dropouts[l.Type] = append(dropouts[l.Type], l.Dropout)
	}
	for _, typ := range CustomerTypes {
		p := s.Truth.Types[typ]
		n := float64(counts[typ])
		// Shares are apportioned exactly over the 995 non-duplicate profiles;
		// abusers (15) were taken from loyal, occasional and bargain hunters.
		assert.InDelta(t, p.Share*995, n, 12, typ.String())
		// Gamma(shape, mean/shape): the sample mean lies within 3 standard errors.
		se := p.RateMean / math.Sqrt(p.RateShape) / math.Sqrt(n)
		assert.InDelta(t, p.RateMean, mean(rates[typ]), 3*se, "rate of %s", typ)
		a, b := p.DropoutA, p.DropoutB
		pm := a / (a + b)
		psd := math.Sqrt(a * b / ((a + b) * (a + b) * (a + b + 1)))
		assert.InDelta(t, pm, mean(dropouts[typ]), 3*psd/math.Sqrt(n), "dropout of %s", typ)
	}
}

// TestPurchaseProcessMatchesTruth checks that the planted rates, dropout
// times and seasonality fully explain the order counts: the repeat
// purchases of every customer, summed, match the integral of
// λ·Factor(t) over each customer's active time.
func TestPurchaseProcessMatchesTruth(t *testing.T) {
	s := shop(t)
	byCustomer := map[uuid.UUID][]time.Time{}
	for _, o := range s.Orders {
		byCustomer[o.CustomerID] = append(byCustomer[o.CustomerID], o.PlacedAt)
	}
	observed := map[CustomerType]float64{}
	expected := map[CustomerType]float64{}
	for _, c := range s.Customers {
		l := s.Truth.Customers[c.ID]
		times := byCustomer[c.ID]
		require.NotEmpty(t, times, "every customer orders on signing up")
		first := times[0]
		until := s.End
		if !l.Alive {
			until = l.DroppedAt
			require.False(t, times[len(times)-1].After(until), "no purchase after dropping out")
		}
		observed[l.Type] += float64(len(times) - 1)
		// Expected repeat purchases while active: ∫ λ·Factor dt, by the hour.
		sum := 0.0
		for at := first.Add(30 * time.Minute); at.Before(until); at = at.Add(time.Hour) {
			sum += s.Truth.Season.Factor(at)
		}
		expected[l.Type] += l.Rate * sum / (365.25 * 24)
	}
	for _, typ := range CustomerTypes {
		// Poisson counts: allow 4 standard deviations plus 3 % for the
		// dropout-time coupling (a dropout ends the interval at a purchase).
		tol := 4*math.Sqrt(expected[typ]) + 0.03*expected[typ]
		assert.InDelta(t, expected[typ], observed[typ], tol, "repeat purchases of %s", typ)
	}
}

func TestTypesBehaveDifferently(t *testing.T) {
	s := shop(t)
	orders := map[CustomerType]int{}
	members := map[CustomerType]int{}
	lines := map[CustomerType][2]int{} // discounted, all
	lastOrder := map[uuid.UUID]time.Time{}
	for _, o := range s.Orders {
		typ := s.Truth.TypeOf(o.CustomerID)
		orders[typ]++
		d := lines[typ]
		for _, l := range o.Lines {
			if l.Discount.IsPositive() {
				d[0]++
			}
			d[1]++
		}
		lines[typ] = d
		lastOrder[o.CustomerID] = o.PlacedAt
	}
	for _, c := range s.Customers {
		l := s.Truth.Customers[c.ID]
		members[l.Type]++
		switch l.Type {
		case Churned:
			assert.True(t, lastOrder[c.ID].Before(s.End.Add(-ChurnSilence)), "churned customer buys in the last months")
			assert.False(t, l.Alive)
		case New:
			assert.True(t, c.CreatedAt.After(s.End.Add(-NewWindow)), "new customer joined early")
		}
	}
	perCustomer := func(typ CustomerType) float64 { return float64(orders[typ]) / float64(members[typ]) }
	assert.Greater(t, perCustomer(Loyal), 2*perCustomer(Occasional), "loyal customers buy far more often")
	share := func(typ CustomerType) float64 { return float64(lines[typ][0]) / float64(lines[typ][1]) }
	assert.Greater(t, share(BargainHunter), 0.7, "bargain hunters buy mostly discounted lines")
	for _, typ := range []CustomerType{Loyal, Occasional, Churned, New} {
		assert.Less(t, share(typ), 0.35, "%s buys mostly at full price", typ)
	}
}

func TestSeasonalityIsVisibleInRevenue(t *testing.T) {
	s := shop(t)
	revenue := map[string]float64{} // by day
	for _, o := range s.Orders {
		if o.Counts() {
			revenue[o.PlacedAt.Format(time.DateOnly)] += o.Total.InexactFloat64()
		}
	}
	var weekday [7][]float64
	month := map[string][]float64{}
	for d := s.Start; d.Before(s.End); d = d.AddDate(0, 0, 1) {
		r := revenue[d.Format(time.DateOnly)]
		weekday[d.Weekday()] = append(weekday[d.Weekday()], r)
		month[d.Format("2006-01")] = append(month[d.Format("2006-01")], r)
	}
	weekend := (mean(weekday[time.Saturday]) + mean(weekday[time.Sunday])) / 2
	midweek := (mean(weekday[time.Tuesday]) + mean(weekday[time.Wednesday])) / 2
	// Planted: (1.25+1.15)/(0.92+0.88) = 1.33.
	assert.Greater(t, weekend/midweek, 1.15, "weekends sell more")
	// Planted: December 1.55/1.0 over October, with growth in between.
	dec, oct := mean(month["2025-12"]), mean(month["2025-10"])
	assert.Greater(t, dec/oct, 1.3, "December sells more than October")
	jan := mean(month["2026-01"])
	assert.Less(t, jan, dec, "January falls back")
	// Trend: the second year sells more than the first.
	var first, second float64
	mid := s.Start.AddDate(1, 0, 0)
	for day, r := range revenue {
		d, _ := time.Parse(time.DateOnly, day)
		if d.Before(mid) {
			first += r
		} else {
			second += r
		}
	}
	assert.Greater(t, second, first*1.1)
}

func TestAbusersStandOut(t *testing.T) {
	s := shop(t)
	type stat struct {
		delivered, returns, refundOnly int
		delayDays, amount              []float64
	}
	var abuser, normal stat
	byID := ordersByID(s)
	for _, o := range s.Orders {
		if o.DeliveredAt.IsZero() {
			continue
		}
		if s.Truth.IsAbuser(o.CustomerID) {
			abuser.delivered++
		} else {
			normal.delivered++
		}
	}
	for _, r := range s.Returns {
		st := &normal
		if s.Truth.IsAbuser(r.CustomerID) {
			st = &abuser
		}
		st.returns++
		if r.RefundOnly {
			st.refundOnly++
		}
		st.delayDays = append(st.delayDays, days(r.RequestedAt.Sub(byID[r.OrderID].DeliveredAt)))
		st.amount = append(st.amount, r.Amount.InexactFloat64())
	}
	rate := func(st stat) float64 { return float64(st.returns) / float64(st.delivered) }
	t.Logf("return rate: abusers %.2f, others %.3f", rate(abuser), rate(normal))
	assert.Greater(t, rate(abuser), 0.5)
	assert.Less(t, rate(normal), 0.15)
	assert.Greater(t, float64(abuser.refundOnly)/float64(abuser.returns), 0.45)
	assert.Less(t, float64(normal.refundOnly)/float64(normal.returns), 0.1)
	assert.Less(t, median(abuser.delayDays), 3.0)
	assert.Greater(t, median(normal.delayDays), 7.0)
	assert.Greater(t, median(abuser.amount), 2*median(normal.amount), "abusers return dearer items")
	t.Logf("median return: abusers %.2f, others %.2f", median(abuser.amount), median(normal.amount))
}

func median(xs []float64) float64 {
	ys := append([]float64(nil), xs...)
	sort.Float64s(ys)
	return ys[len(ys)/2]
}

func TestRatingsFollowReturns(t *testing.T) {
	s := shop(t)
	returned := map[[2]string]bool{} // order, product
	for _, r := range s.Returns {
		for _, it := range r.Items {
			returned[[2]string{r.OrderID.String(), it.ProductID}] = true
		}
	}
	var kept, back []float64
	negative := []string{"broken", "late", "too small", "disappointed", "not", "poor", "terrible", "awful", "bad", "defective", "never", "waste"}
	for _, e := range s.Events {
		if e.Kind != behavior.KindReview {
			continue
		}
		require.NotEqual(t, uuid.Nil, e.OrderID, "a review names its order")
		if returned[[2]string{e.OrderID.String(), e.ProductID}] {
			back = append(back, float64(e.Rating))
		} else {
			kept = append(kept, float64(e.Rating))
		}
		if e.Rating <= 2 {
			text := strings.ToLower(e.Text)
			found := false
			for _, w := range negative {
				found = found || strings.Contains(text, w)
			}
			assert.True(t, found, "a low rating reads negative: %q", e.Text)
		}
	}
	t.Logf("reviews: %d kept (mean %.2f), %d returned (mean %.2f)", len(kept), mean(kept), len(back), mean(back))
	require.Greater(t, len(back), 50)
	// Planted means: kept 4.29 (a little lower after late deliveries), returned 1.98.
	assert.InDelta(t, 4.25, mean(kept), 0.12)
	assert.InDelta(t, 1.98, mean(back), 0.25)
}

func TestFunnelNarrows(t *testing.T) {
	s := shop(t)
	kinds := map[behavior.Kind]int{}
	anonymous, anonymousPurchases := 0, 0
	sessions := map[string]bool{}
	for _, e := range s.Events {
		kinds[e.Kind]++
		sessions[e.SessionID] = true
		if e.Anonymous() {
			anonymous++
			if e.Kind == behavior.KindPurchase {
				anonymousPurchases++
			}
		}
	}
	lines := 0
	for _, o := range s.Orders {
		lines += len(o.Lines)
	}
	t.Logf("events by kind: %v", kinds)
	assert.Equal(t, lines, kinds[behavior.KindPurchase], "one purchase event per order line")
	assert.Greater(t, kinds[behavior.KindView], 3*kinds[behavior.KindAddToCart], "views to cart")
	assert.Greater(t, kinds[behavior.KindAddToCart], kinds[behavior.KindPurchase], "cart to purchase")
	assert.Greater(t, kinds[behavior.KindAddToCart], kinds[behavior.KindRemoveFromCart])
	for _, k := range []behavior.Kind{behavior.KindSearch, behavior.KindClick, behavior.KindWishlist, behavior.KindReview, behavior.KindSurvey, behavior.KindSupport} {
		assert.Positive(t, kinds[k], k)
	}
	assert.Positive(t, anonymous)
	assert.Zero(t, anonymousPurchases, "anonymous visitors never buy")
	assert.Greater(t, len(sessions), len(s.Orders)*3)

	// Every purchase follows a cart addition of the product in its visit.
	carted := map[[2]string]bool{}
	for _, e := range s.Events { // in time order
		switch e.Kind {
		case behavior.KindAddToCart:
			carted[[2]string{e.SessionID, e.ProductID}] = true
		case behavior.KindPurchase:
			require.True(t, carted[[2]string{e.SessionID, e.ProductID}], "purchase of %s without a cart addition", e.ProductID)
		}
	}
}

func TestSurveysFollowExperience(t *testing.T) {
	s := shop(t)
	scores := map[CustomerType][]float64{}
	for _, e := range s.Events {
		if e.Kind == behavior.KindSurvey {
			typ := s.Truth.TypeOf(e.CustomerID)
			scores[typ] = append(scores[typ], float64(*e.Score))
		}
	}
	assert.Greater(t, mean(scores[Loyal]), mean(scores[Churned])+1.5, "loyal customers promote, churned ones do not")
}

func TestDuplicatesAreFound(t *testing.T) {
	s := shop(t)
	groups := customer.FindDuplicates(s.Customers)
	inGroup := map[uuid.UUID]int{}
	for gi, g := range groups {
		for _, id := range g.IDs {
			inGroup[id] = gi + 1
		}
	}
	for _, pair := range s.Truth.Duplicates {
		require.NotZero(t, inGroup[pair[0]], "original of a planted pair not found")
		assert.Equal(t, inGroup[pair[0]], inGroup[pair[1]], "planted pair split")
	}
	planted := map[uuid.UUID]bool{}
	for _, pair := range s.Truth.Duplicates {
		planted[pair[0]], planted[pair[1]] = true, true
	}
	for _, g := range groups {
		for _, id := range g.IDs {
			assert.True(t, planted[id], "spurious duplicate %v", g.Reasons)
		}
	}
}

func TestConsentHistories(t *testing.T) {
	s := shop(t)
	granted, withdrawn, optedInAgain := 0, 0, 0
	for _, c := range s.Customers {
		sawWithdrawal := false
		for _, k := range c.Consents {
			if k.Channel != customer.ChannelEmail {
				continue
			}
			if k.Granted {
				granted++
				if sawWithdrawal {
					optedInAgain++
				}
			} else {
				withdrawn++
				sawWithdrawal = true
			}
		}
		assert.Equal(t, c.HasConsent(customer.ChannelEmail), c.HasTag("newsletter"))
	}
	assert.Positive(t, withdrawn)
	assert.Positive(t, optedInAgain)
	assert.Greater(t, granted, 5*withdrawn)
}

func TestOrderLifeCycleMix(t *testing.T) {
	s := shop(t)
	statuses := map[order.Status]int{}
	methods := map[string]int{}
	discounted, shippingFree := 0, 0
	for _, o := range s.Orders {
		statuses[o.Status]++
		methods[o.PaymentMethod]++
		if o.Shipping.IsZero() {
			shippingFree++
		}
		for _, l := range o.Lines {
			if l.Discount.IsPositive() {
				discounted++
				break
			}
		}
	}
	n := float64(len(s.Orders))
	t.Logf("statuses %v", statuses)
	assert.Greater(t, float64(statuses[order.StatusDelivered])/n, 0.75, "most orders are delivered")
	assert.InDelta(t, 0.035, float64(statuses[order.StatusCancelled])/n, 0.015)
	assert.Positive(t, statuses[order.StatusRefunded])
	assert.Positive(t, statuses[order.StatusPartiallyRefunded])
	assert.Positive(t, statuses[order.StatusShipped]+statuses[order.StatusPaid], "the last days' orders are still under way")
	assert.Len(t, methods, len(paymentMethods))
	assert.Positive(t, shippingFree)
	assert.Positive(t, discounted)
}
