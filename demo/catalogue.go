package demo

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/crmkit/crmkit/order"
	"github.com/shopspring/decimal"
)

// category is one department of the demo shop with its price distribution:
// prices are log-normal with median Median and log-scale spread Sigma.
type category struct {
	name        string
	code        string
	weight      float64 // share of lines bought in the category
	median      float64
	sigma       float64
	adjectives  []string
	nouns       []string
	returnWhy   []string // reasons a normal customer gives
	complaints  []string // what goes wrong, for negative reviews
	praise      []string // what is good, for positive reviews
	multiBuyers bool     // quantities above one are common (books, beauty)
}

// colours tell apart products that drew the same name.
var colours = []string{"Black", "White", "Navy", "Grey", "Red", "Green", "Sand", "Blue", "Olive", "Burgundy"}

// CategoryInfo describes a category of the generated catalogue: its planted
// log-normal price distribution (median and log-scale sigma, in currency
// units) and its share of the lines bought.
type CategoryInfo struct {
	Name        string  `json:"name"`
	MedianPrice float64 `json:"median_price"`
	PriceSigma  float64 `json:"price_sigma"`
	Weight      float64 `json:"weight"`
}

var categories = []category{
	{name: "fashion", code: "FAS", weight: 0.24, median: 39, sigma: 0.5,
		adjectives: []string{"Classic", "Slim", "Oversized", "Organic", "Linen", "Wool", "Striped", "Vintage"},
		nouns:      []string{"T-Shirt", "Jeans", "Hoodie", "Dress", "Jacket", "Sweater", "Shirt", "Skirt", "Coat"},
		returnWhy:  []string{"too small", "too large", "colour differs from the photo", "poor fit", "changed my mind"},
		complaints: []string{"too small", "far too tight", "the fabric is cheap", "the seams came apart after one wash", "not as described"},
		praise:     []string{"fits perfectly", "the fabric is lovely and soft", "great cut", "looks stylish"}},
	{name: "shoes", code: "SHO", weight: 0.12, median: 79, sigma: 0.4,
		adjectives: []string{"Running", "Leather", "Trail", "Canvas", "Suede", "Waterproof", "Everyday"},
		nouns:      []string{"Sneakers", "Boots", "Loafers", "Sandals", "Trainers", "Ankle Boots"},
		returnWhy:  []string{"too small", "too large", "uncomfortable", "changed my mind"},
		complaints: []string{"too small", "very uncomfortable", "the sole came off", "painful after an hour"},
		praise:     []string{"very comfortable", "fits true to size", "great grip", "comfortable from day one"}},
	{name: "electronics", code: "ELE", weight: 0.12, median: 149, sigma: 0.8,
		adjectives: []string{"Wireless", "Smart", "Portable", "Noise-Cancelling", "Compact", "Pro"},
		nouns:      []string{"Headphones", "Speaker", "Smartwatch", "Charger", "Camera", "Tablet", "Keyboard", "Power Bank"},
		returnWhy:  []string{"defective", "broken on arrival", "does not work with my phone", "not as described"},
		complaints: []string{"arrived broken", "stopped working after two days", "the battery is terrible", "defective"},
		praise:     []string{"works perfectly", "excellent sound", "the battery lasts for days", "easy to set up"}},
	{name: "home", code: "HOM", weight: 0.14, median: 35, sigma: 0.7,
		adjectives: []string{"Ceramic", "Cotton", "Bamboo", "Cast Iron", "Glass", "Nordic"},
		nouns:      []string{"Mug Set", "Towel Set", "Frying Pan", "Cushion", "Lamp", "Bed Linen", "Vase", "Knife Set"},
		returnWhy:  []string{"arrived damaged", "not as described", "colour differs from the photo", "changed my mind"},
		complaints: []string{"arrived broken", "cheap material", "scratched", "smaller than expected"},
		praise:     []string{"beautiful design", "excellent quality", "looks great in our kitchen", "solid and well made"}},
	{name: "beauty", code: "BEA", weight: 0.12, median: 18, sigma: 0.5, multiBuyers: true,
		adjectives: []string{"Hydrating", "Organic", "Vitamin C", "Gentle", "Repair", "Mineral"},
		nouns:      []string{"Face Cream", "Serum", "Shampoo", "Lip Balm", "Sunscreen", "Body Lotion"},
		returnWhy:  []string{"skin reaction", "wrong item sent", "packaging damaged"},
		complaints: []string{"caused a rash", "smells awful", "the bottle leaked", "did nothing for my skin"},
		praise:     []string{"my skin feels wonderful", "smells lovely", "gentle and effective", "great value"}},
	{name: "sports", code: "SPO", weight: 0.10, median: 45, sigma: 0.7,
		adjectives: []string{"Yoga", "Fitness", "Cycling", "Hiking", "Training", "Pro"},
		nouns:      []string{"Mat", "Dumbbells", "Backpack", "Water Bottle", "Resistance Bands", "Helmet", "Gloves"},
		returnWhy:  []string{"too small", "defective", "not as described", "changed my mind"},
		complaints: []string{"broke after a week", "too small", "cheap plastic", "smells of chemicals"},
		praise:     []string{"sturdy and reliable", "perfect for training", "great quality", "excellent grip"}},
	{name: "books", code: "BOO", weight: 0.10, median: 14, sigma: 0.35, multiBuyers: true,
		adjectives: []string{"Illustrated", "Complete", "Pocket", "Collected", "Beginner's", "Essential"},
		nouns:      []string{"Cookbook", "Novel", "Travel Guide", "Atlas", "Biography", "Workbook"},
		returnWhy:  []string{"damaged cover", "wrong edition", "changed my mind"},
		complaints: []string{"arrived with a torn cover", "boring", "badly translated", "pages missing"},
		praise:     []string{"a wonderful read", "beautifully illustrated", "really useful", "couldn't put it down"}},
	{name: "toys", code: "TOY", weight: 0.06, median: 25, sigma: 0.6,
		adjectives: []string{"Wooden", "Magnetic", "Educational", "Plush", "Remote-Control", "Building"},
		nouns:      []string{"Puzzle", "Train Set", "Blocks", "Bear", "Car", "Board Game", "Doll House"},
		returnWhy:  []string{"parts missing", "broken on arrival", "not age appropriate"},
		complaints: []string{"parts missing", "broke within a day", "cheap plastic", "pieces are too small"},
		praise:     []string{"our kids love it", "great fun", "very well made", "hours of fun"}},
}

// Categories returns the catalogue's categories with their planted price
// distributions, in the order products are numbered.
func Categories() []CategoryInfo {
	out := make([]CategoryInfo, len(categories))
	for i, c := range categories {
		out[i] = CategoryInfo{Name: c.name, MedianPrice: c.median, PriceSigma: c.sigma, Weight: c.weight}
	}
	return out
}

// product is the generator's view of a catalogue item: prices in cents.
type product struct {
	order.Product
	cat        int
	priceCents int64
	rankInCat  int // 0 = most popular
	dearThird  bool
	// soldUntil is when a discontinued product stopped selling (zero: active).
	soldUntil time.Time
}

// catalogue holds the products with the draw tables the generator uses.
type catalogue struct {
	products []product
	byCat    [][]int      // product indices per category
	popular  []cumulative // per category: Zipf popularity
	dear     [][]int      // per category: the dearest third
	catDraw  cumulative
}

// newCatalogue builds n products over the categories: counts in proportion
// to the category weights, log-normal prices ending in .99 or .49, Zipf
// popularity (weight 1/(rank+1)^0.9) within each category, and 5 %
// discontinued half-way through the period.
func newCatalogue(r *rng, n int, currency string, start, end time.Time) *catalogue {
	c := &catalogue{byCat: make([][]int, len(categories)), popular: make([]cumulative, len(categories)), dear: make([][]int, len(categories))}
	weights := make([]float64, len(categories))
	for i, cat := range categories {
		weights[i] = cat.weight
	}
	c.catDraw = newCumulative(weights)
	counts := apportion(n, weights, true)
	mid := start.Add(end.Sub(start) / 2)
	for ci, cat := range categories {
		used := map[string]bool{}
		for k := range counts[ci] {
			price := cat.median * math.Exp(cat.sigma*r.NormFloat64())
			cents := int64(math.Ceil(price))*100 - 1
			if price < 10 && r.bernoulli(0.5) {
				cents -= 50
			}
			cents = max(cents, 99)
			name := oneOf(r, cat.adjectives) + " " + oneOf(r, cat.nouns)
			for v := 0; used[name]; v++ {
				name = oneOf(r, cat.adjectives) + " " + oneOf(r, cat.nouns) + ", " + colours[v%len(colours)]
				if v >= len(colours) {
					name = fmt.Sprintf("%s No. %d", name, v/len(colours)+1)
				}
			}
			used[name] = true
			idx := len(c.products)
			p := product{cat: ci, priceCents: cents, rankInCat: k}
			p.ID = fmt.Sprintf("P%05d", idx+1)
			p.SKU = fmt.Sprintf("%s-%04d", cat.code, k+1)
			p.Name = name
			p.Category = cat.name
			p.Price = decimal.New(cents, -2)
			p.Currency = currency
			p.Active = !r.bernoulli(0.05)
			p.UpdatedAt = start
			if !p.Active {
				p.soldUntil = mid
				p.UpdatedAt = mid
			}
			c.products = append(c.products, p)
			c.byCat[ci] = append(c.byCat[ci], idx)
		}
		zipf := make([]float64, len(c.byCat[ci]))
		for k := range zipf {
			zipf[k] = 1 / math.Pow(float64(k+1), 0.9)
		}
		if len(zipf) > 0 {
			c.popular[ci] = newCumulative(zipf)
		}
		byPrice := slices.Clone(c.byCat[ci])
		slices.SortFunc(byPrice, func(a, b int) int { return int(c.products[b].priceCents - c.products[a].priceCents) })
		c.dear[ci] = byPrice[:max(1, len(byPrice)/3)]
		for _, i := range c.dear[ci] {
			c.products[i].dearThird = true
		}
	}
	return c
}

// apportion splits n into parts proportional to weights (largest remainder);
// with atLeastOne, every part gets at least one when n allows.
func apportion(n int, weights []float64, atLeastOne bool) []int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	out := make([]int, len(weights))
	rem := make([]float64, len(weights))
	given := 0
	for i, w := range weights {
		exact := float64(n) * w / total
		out[i] = int(exact)
		rem[i] = exact - float64(out[i])
		given += out[i]
	}
	for given < n {
		best := 0
		for i := range rem {
			if rem[i] > rem[best] {
				best = i
			}
		}
		out[best]++
		rem[best] = -1
		given++
	}
	for i := range out {
		for atLeastOne && out[i] == 0 && n >= len(out) {
			j := slices.Index(out, slices.Max(out))
			out[j]--
			out[i]++
		}
	}
	return out
}

// draw picks a product of category ci sold at t: by popularity, or from the
// dearest third when dear is set.
func (c *catalogue) draw(r *rng, ci int, t time.Time, dear bool) *product {
	for range 8 {
		var p *product
		if dear {
			p = &c.products[oneOf(r, c.dear[ci])]
		} else {
			p = &c.products[c.byCat[ci][c.popular[ci].draw(r)]]
		}
		if p.soldUntil.IsZero() || t.Before(p.soldUntil) {
			return p
		}
	}
	// Every try hit a discontinued product: take the most popular active one.
	for _, i := range c.byCat[ci] {
		if c.products[i].Active {
			return &c.products[i]
		}
	}
	return &c.products[c.byCat[ci][0]]
}

// searchQuery returns what a visitor looking for p might type.
func searchQuery(r *rng, p *product) string {
	name, _, _ := strings.Cut(strings.ToLower(p.Name), ",")
	words := strings.Fields(name)
	switch r.IntN(4) {
	case 0:
		return words[len(words)-1]
	case 1:
		return strings.Join(words[:min(2, len(words))], " ")
	case 2:
		return categories[p.cat].name + " " + words[len(words)-1]
	}
	return strings.ToLower(p.Name)
}
