package demo

import (
	"fmt"
	"math"
	"time"

	"github.com/google/uuid"
)

// CustomerType is the latent kind of buyer a customer was simulated as.
type CustomerType int

// The customer types. Each has its own purchase rate, dropout, join window
// and discount affinity (see DefaultTypeParams).
const (
	// Loyal customers joined early, buy often and rarely drop out.
	Loyal CustomerType = iota + 1
	// Occasional customers buy a few times a year and drop out sooner.
	Occasional
	// BargainHunter customers buy mostly discounted lines.
	BargainHunter
	// Churned customers were active early and went silent: they stop buying
	// at a planted churn time at least ChurnSilence before the end.
	Churned
	// New customers joined within NewWindow of the end.
	New
)

// CustomerTypes lists the types in order.
var CustomerTypes = []CustomerType{Loyal, Occasional, BargainHunter, Churned, New}

// MarshalText writes the type's name, so JSON shows "loyal", not 1.
func (t CustomerType) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalText reads a name written by MarshalText.
func (t *CustomerType) UnmarshalText(b []byte) error {
	for _, c := range CustomerTypes {
		if c.String() == string(b) {
			*t = c
			return nil
		}
	}
	return fmt.Errorf("demo: unknown customer type %q", b)
}

// String returns the type's name: "loyal", "occasional", "bargain_hunter",
// "churned" or "new".
func (t CustomerType) String() string {
	switch t {
	case Loyal:
		return "loyal"
	case Occasional:
		return "occasional"
	case BargainHunter:
		return "bargain_hunter"
	case Churned:
		return "churned"
	case New:
		return "new"
	}
	return "unknown"
}

// TypeParams are the planted parameters of one customer type.
type TypeParams struct {
	// Share is the fraction of (non-duplicate) profiles of this type.
	Share float64 `json:"share"`
	// RateShape and RateMean give the gamma distribution of a customer's
	// purchase rate λ in orders per year: λ ~ Gamma(RateShape, RateMean/RateShape).
	RateShape float64 `json:"rate_shape"`
	RateMean  float64 `json:"rate_mean"`
	// DropoutA and DropoutB give the beta distribution of the probability p
	// that the customer drops out after a repeat purchase (the BG/NBD
	// process): p ~ Beta(DropoutA, DropoutB).
	DropoutA float64 `json:"dropout_a"`
	DropoutB float64 `json:"dropout_b"`
	// JoinFrom and JoinTo bound the sign-up time as fractions of the period
	// (0 = Start, 1 = End). New customers ignore them and join in NewWindow.
	JoinFrom float64 `json:"join_from"`
	JoinTo   float64 `json:"join_to"`
	// DiscountAffinity is the probability that a line is bought on discount
	// (raised in November, see Seasonality.PromoBoost).
	DiscountAffinity float64 `json:"discount_affinity"`
	// ReturnFactor multiplies the per-category line return probability.
	ReturnFactor float64 `json:"return_factor"`
	// NPSMean is the centre of the 0–10 survey scores the type gives.
	NPSMean float64 `json:"nps_mean"`
}

// DefaultTypeParams returns the parameters Generate plants.
func DefaultTypeParams() map[CustomerType]TypeParams {
	return map[CustomerType]TypeParams{
		Loyal:         {Share: 0.15, RateShape: 4, RateMean: 10, DropoutA: 1, DropoutB: 49, JoinFrom: 0, JoinTo: 0.6, DiscountAffinity: 0.15, ReturnFactor: 0.8, NPSMean: 9},
		Occasional:    {Share: 0.40, RateShape: 2, RateMean: 2.5, DropoutA: 2, DropoutB: 18, JoinFrom: 0, JoinTo: 0.85, DiscountAffinity: 0.2, ReturnFactor: 1, NPSMean: 7.5},
		BargainHunter: {Share: 0.15, RateShape: 3, RateMean: 5, DropoutA: 1.5, DropoutB: 18.5, JoinFrom: 0, JoinTo: 0.85, DiscountAffinity: 0.8, ReturnFactor: 1.3, NPSMean: 7},
		Churned:       {Share: 0.20, RateShape: 3, RateMean: 7, DropoutA: 1, DropoutB: 49, JoinFrom: 0, JoinTo: 0.45, DiscountAffinity: 0.2, ReturnFactor: 1, NPSMean: 5.5},
		New:           {Share: 0.10, RateShape: 2, RateMean: 5, DropoutA: 1, DropoutB: 19, JoinFrom: 0, JoinTo: 1, DiscountAffinity: 0.25, ReturnFactor: 1, NPSMean: 8},
	}
}

// Planted time windows of the churned and new types.
const (
	// NewWindow: new customers sign up within this span before End.
	NewWindow = 120 * 24 * time.Hour
	// ChurnSilence: a churned customer's churn time is at least this long
	// before End, so the last months show no purchase from them.
	ChurnSilence = 270 * 24 * time.Hour
)

// Latent is the hidden state of one customer: what the generator drew
// before simulating it, and whether it was still buying at the end.
type Latent struct {
	// Type is the customer's type; planted duplicates are Occasional.
	Type CustomerType `json:"type"`
	// Abuser marks a planted refund abuser.
	Abuser bool `json:"abuser,omitempty"`
	// Rate is the purchase rate λ in orders per year (before seasonality).
	Rate float64 `json:"rate"`
	// Dropout is the BG/NBD probability p of dropping out after a repeat purchase.
	Dropout float64 `json:"dropout"`
	// Alive reports whether the customer was still active at End.
	Alive bool `json:"alive"`
	// DroppedAt is when the customer stopped buying (the purchase after which
	// the dropout happened, or a churned customer's churn time); zero if alive.
	DroppedAt time.Time `json:"dropped_at,omitzero"`
	// Categories are the customer's preferred categories (also its declared interests).
	Categories []string `json:"categories"`
	// DuplicateOf is the original profile of a planted duplicate, else uuid.Nil.
	DuplicateOf uuid.UUID `json:"duplicate_of,omitzero"`
}

// Seasonality is the planted intensity of purchases over time: a customer's
// rate λ is multiplied by Factor(t), so a day's expected number of orders is
// proportional to Growth^years × Weekday × Month.
type Seasonality struct {
	Start time.Time `json:"start"`
	// Growth is the yearly multiplicative trend (1.2 = +20 % a year).
	Growth float64 `json:"growth"`
	// Weekday holds the day-of-week factors indexed by time.Weekday (Sunday
	// first), with mean 1.
	Weekday [7]float64 `json:"weekday"`
	// Month holds the month factors indexed by time.Month-1, with mean 1.
	Month [12]float64 `json:"month"`
	// PromoBoost multiplies the discount probability of lines in November.
	PromoBoost float64 `json:"promo_boost"`
}

// DefaultSeasonality returns the seasonality Generate plants for a period
// starting at start: weekends about 25 % above midweek, December 1.55× and
// November 1.3× the average month, January and February lowest, +20 % a year.
func DefaultSeasonality(start time.Time) Seasonality {
	s := Seasonality{
		Start:      start,
		Growth:     1.2,
		Weekday:    [7]float64{1.25, 0.92, 0.88, 0.9, 0.95, 1.0, 1.15}, // Sun..Sat
		Month:      [12]float64{0.82, 0.8, 0.92, 0.95, 0.98, 0.93, 0.88, 0.88, 0.95, 1.0, 1.3, 1.55},
		PromoBoost: 1.6,
	}
	normalise(s.Weekday[:])
	normalise(s.Month[:])
	return s
}

// StationarySeasonality returns flat factors: no trend, no weekly or yearly
// pattern, no November promotions (Options.Stationary).
func StationarySeasonality(start time.Time) Seasonality {
	s := Seasonality{Start: start, Growth: 1, PromoBoost: 1}
	for i := range s.Weekday {
		s.Weekday[i] = 1
	}
	for i := range s.Month {
		s.Month[i] = 1
	}
	return s
}

func normalise(xs []float64) {
	sum := 0.0
	for _, x := range xs {
		sum += x
	}
	for i := range xs {
		xs[i] *= float64(len(xs)) / sum
	}
}

// Trend returns Growth^(years since Start) at t.
func (s *Seasonality) Trend(t time.Time) float64 {
	years := t.Sub(s.Start).Hours() / (24 * 365.25)
	return math.Pow(s.Growth, years)
}

// Factor returns the multiplier of purchase rates at t: trend × weekday × month.
func (s *Seasonality) Factor(t time.Time) float64 {
	return s.Trend(t) * s.Weekday[t.Weekday()] * s.Month[t.Month()-1]
}

// maxFactor bounds Factor over [Start, end), for thinning.
func (s *Seasonality) maxFactor(end time.Time) float64 {
	mw, mm := 0.0, 0.0
	for _, w := range s.Weekday {
		mw = max(mw, w)
	}
	for _, m := range s.Month {
		mm = max(mm, m)
	}
	return s.Trend(end) * mw * mm
}

// ReturnParams are the planted return behaviour.
type ReturnParams struct {
	// CategoryLineRate is the probability that a normal customer returns a
	// delivered line of the category (before the type's ReturnFactor).
	CategoryLineRate map[string]float64 `json:"category_line_rate"`
	// NormalRefundOnly is the share of normal returns that are refund-only.
	NormalRefundOnly float64 `json:"normal_refund_only"`
	// AbuserOrderRate is the probability that an abuser returns a delivered order.
	AbuserOrderRate float64 `json:"abuser_order_rate"`
	// AbuserRefundOnly is the share of abuser returns that are refund-only.
	AbuserRefundOnly float64 `json:"abuser_refund_only"`
	// AbuserMaxDelay bounds how long after delivery an abuser asks; normal
	// customers ask 2 to 28 days after delivery.
	AbuserMaxDelay time.Duration `json:"abuser_max_delay"`
	// AbuserExpensiveBias is the probability that an abuser's line is drawn
	// from the dearest third of its category.
	AbuserExpensiveBias float64 `json:"abuser_expensive_bias"`
	// AbuserElectronics is the probability that an abuser's line is drawn
	// from electronics, the resellable category, whatever its preferences.
	AbuserElectronics float64 `json:"abuser_electronics"`
}

// DefaultReturnParams returns the return behaviour Generate plants.
func DefaultReturnParams() ReturnParams {
	return ReturnParams{
		CategoryLineRate: map[string]float64{
			"fashion": 0.14, "shoes": 0.18, "electronics": 0.06, "home": 0.05,
			"beauty": 0.03, "sports": 0.07, "books": 0.02, "toys": 0.04,
		},
		NormalRefundOnly:    0.04,
		AbuserOrderRate:     0.65,
		AbuserRefundOnly:    0.6,
		AbuserMaxDelay:      72 * time.Hour,
		AbuserExpensiveBias: 0.7,
		AbuserElectronics:   0.4,
	}
}

// ReviewParams are the planted link between returns and ratings.
type ReviewParams struct {
	// KeptReviewRate and ReturnedReviewRate are the probabilities that a
	// delivered line is reviewed when kept and when returned.
	KeptReviewRate     float64 `json:"kept_review_rate"`
	ReturnedReviewRate float64 `json:"returned_review_rate"`
	// KeptRatings and ReturnedRatings are the probabilities of ratings 1..5.
	KeptRatings     [5]float64 `json:"kept_ratings"`
	ReturnedRatings [5]float64 `json:"returned_ratings"`
	// LateDelivery is the probability that a delivery takes 6–12 days
	// instead of 1–5; a late delivery lowers a kept line's rating by one
	// with probability 0.5.
	LateDelivery float64 `json:"late_delivery"`
}

// DefaultReviewParams returns the review behaviour Generate plants: kept
// lines average 4.29 stars, returned lines 1.98.
func DefaultReviewParams() ReviewParams {
	return ReviewParams{
		KeptReviewRate: 0.12, ReturnedReviewRate: 0.45,
		KeptRatings:     [5]float64{0.02, 0.03, 0.10, 0.33, 0.52},
		ReturnedRatings: [5]float64{0.42, 0.30, 0.17, 0.08, 0.03},
		LateDelivery:    0.04,
	}
}

// FunnelParams are the planted browsing behaviour.
type FunnelParams struct {
	// BrowsePerOrder is the mean number of sessions without a purchase per order.
	BrowsePerOrder float64 `json:"browse_per_order"`
	// ViewToCart is the probability that a view in a browsing session puts
	// the product in the cart; CartRemoval that such an item is taken out again.
	ViewToCart  float64 `json:"view_to_cart"`
	CartRemoval float64 `json:"cart_removal"`
	// Wishlist is the probability that a view adds the product to the wishlist.
	Wishlist float64 `json:"wishlist"`
	// SearchShare is the probability that a session starts with a search.
	SearchShare float64 `json:"search_share"`
	// AnonymousViewToCart is ViewToCart for anonymous visitors, who never buy.
	AnonymousViewToCart float64 `json:"anonymous_view_to_cart"`
}

// DefaultFunnelParams returns the browsing behaviour Generate plants.
func DefaultFunnelParams() FunnelParams {
	return FunnelParams{BrowsePerOrder: 4, ViewToCart: 0.1, CartRemoval: 0.35, Wishlist: 0.05, SearchShare: 0.5, AnonymousViewToCart: 0.05}
}

// Truth exposes the structure Generate planted, so that other packages can
// test that they recover it.
type Truth struct {
	// Customers maps every customer ID to its latent state.
	Customers map[uuid.UUID]Latent `json:"customers"`
	// Abusers lists the planted refund abusers in ID byte order.
	Abusers []uuid.UUID `json:"abusers"`
	// Duplicates lists the planted duplicate pairs: [original, duplicate].
	// The two profiles share the phone number (formatted differently) and
	// the name; their e-mails differ, as stores refuse a repeated e-mail key.
	Duplicates [][2]uuid.UUID `json:"duplicates"`
	// Types holds the parameters of each customer type.
	Types   map[CustomerType]TypeParams `json:"types"`
	Season  Seasonality                 `json:"season"`
	Returns ReturnParams                `json:"returns"`
	Reviews ReviewParams                `json:"reviews"`
	Funnel  FunnelParams                `json:"funnel"`
}

// TypeOf returns the latent type of a customer, or 0 for an unknown ID.
func (t *Truth) TypeOf(id uuid.UUID) CustomerType { return t.Customers[id].Type }

// IsAbuser reports whether the customer is a planted refund abuser.
func (t *Truth) IsAbuser(id uuid.UUID) bool { return t.Customers[id].Abuser }
