package demo

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/crmkit/crmkit/customer"
)

// person is a customer before simulation: profile, latent state and what the
// simulation needs to know about them.
type person struct {
	index   int // position before sorting: selects the random stream
	profile customer.Customer
	latent  Latent
	country *country
	prefs   []int     // preferred category indices
	churnAt time.Time // churned type: when buying stops
}

// hourWeights is the share of activity per hour of the day (UTC ≈ local for
// the shop's European customers): quiet nights, a lunch bump, evening peak.
var hourWeights = []float64{
	1.2, 0.7, 0.4, 0.3, 0.3, 0.5, 1.2, 2.5, 3.5, 4.0, 4.3, 4.6,
	5.2, 5.0, 4.6, 4.4, 4.5, 5.0, 5.8, 6.8, 7.2, 6.6, 4.8, 2.6,
}

// atHour returns an instant on the day of t at a time of day drawn from hourWeights.
func (s *sim) atHour(r *rng, t time.Time) time.Time {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return d.Add(time.Duration(s.hours.draw(r))*time.Hour + time.Duration(r.IntN(3600))*time.Second)
}

// profiles draws every customer's latent type and profile, then sorts them
// by sign-up time and gives them external IDs. It runs on one stream because
// e-mail addresses and phones must be unique across the shop.
func (s *sim) profiles(r *rng) []person {
	n := s.opts.Customers
	nDup := int(float64(n)*s.opts.DuplicateShare + 0.5)
	if n < 2 {
		nDup = 0
	}
	nOrig := n - nDup
	shares := make([]float64, len(CustomerTypes))
	for i, t := range CustomerTypes {
		shares[i] = s.types[t].Share
	}
	var kinds []CustomerType
	for i, c := range apportion(nOrig, shares, false) {
		for range c {
			kinds = append(kinds, CustomerTypes[i])
		}
	}
	r.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })

	u := &uniques{emails: map[string]bool{}, phones: map[string]bool{}}
	people := make([]person, 0, n)
	for i, kind := range kinds {
		people = append(people, s.newPerson(r, u, i, kind))
	}
	s.plantAbusers(r, people)
	for i := range nDup {
		people = append(people, s.duplicate(r, u, nOrig+i, &people[r.IntN(nOrig)]))
	}
	slices.SortFunc(people, func(a, b person) int {
		return cmp.Or(a.profile.CreatedAt.Compare(b.profile.CreatedAt), bytes.Compare(a.profile.ID[:], b.profile.ID[:]))
	})
	for i := range people {
		people[i].profile.ExternalID = fmt.Sprintf("C%06d", i+1)
	}
	return people
}

// plantAbusers marks AbuserShare of the customers as refund abusers, drawn
// from the loyal, occasional and bargain-hunting customers, who stay long
// enough to build a record. Abusers buy at least 4 times a year and drop
// out with probability at most 0.03 per purchase.
func (s *sim) plantAbusers(r *rng, people []person) {
	want := int(float64(s.opts.Customers)*s.opts.AbuserShare + 0.5)
	var eligible []int
	for i, p := range people {
		switch p.latent.Type {
		case Loyal, Occasional, BargainHunter:
			eligible = append(eligible, i)
		}
	}
	r.Shuffle(len(eligible), func(i, j int) { eligible[i], eligible[j] = eligible[j], eligible[i] })
	for _, i := range eligible[:min(want, len(eligible))] {
		l := &people[i].latent
		l.Abuser = true
		l.Rate = max(l.Rate, 4)
		l.Dropout = min(l.Dropout, 0.03)
	}
}

type uniques struct{ emails, phones map[string]bool }

func (s *sim) newPerson(r *rng, u *uniques, index int, kind CustomerType) person {
	tp := s.types[kind]
	span := s.opts.End.Sub(s.opts.Start)
	var created time.Time
	if kind == New {
		created = s.opts.End.Add(-time.Duration(r.Float64() * float64(NewWindow)))
	} else {
		created = s.opts.Start.Add(time.Duration(r.uniform(tp.JoinFrom, tp.JoinTo) * float64(span)))
	}
	created = s.atHour(r, created)
	// Sign up at least an hour before End, so the first order (within 45
	// minutes) falls inside the period.
	if limit := s.opts.End.Add(-time.Hour); created.After(limit) {
		created = limit
	}
	if created.Before(s.opts.Start) {
		created = s.opts.Start
	}
	p := person{index: index, country: &countries[r.pick(countryWeights)]}
	p.latent = Latent{
		Type:    kind,
		Rate:    r.gamma(tp.RateShape, tp.RateMean/tp.RateShape),
		Dropout: r.beta(tp.DropoutA, tp.DropoutB),
		Alive:   true,
	}
	p.prefs = s.preferredCategories(r)
	for _, ci := range p.prefs {
		p.latent.Categories = append(p.latent.Categories, categories[ci].name)
	}
	if kind == Churned {
		p.churnAt = created.Add(r.duration(60*24*time.Hour, 300*24*time.Hour))
		if limit := s.opts.End.Add(-ChurnSilence); p.churnAt.After(limit) {
			p.churnAt = limit
		}
	}

	c := customer.Customer{
		ID:        r.uuid(),
		FirstName: oneOf(r, firstNames),
		LastName:  oneOf(r, lastNames),
		CreatedAt: created,
		Version:   1,
	}
	c.Email = u.email(r, c.FirstName, c.LastName)
	if r.bernoulli(0.8) {
		c.Phone = u.phone(r, p.country)
	}
	c.Addresses = []customer.Address{address(r, p.country, "shipping")}
	if r.bernoulli(0.25) {
		c.Addresses = append(c.Addresses, address(r, p.country, "billing"))
	}
	for _, t := range optionalTags {
		if r.bernoulli(t.prob) {
			c.Tags = append(c.Tags, t.tag)
		}
	}
	if r.bernoulli(0.7) {
		c.Interests = slices.Clone(p.latent.Categories)
	}
	c.Attributes = map[string]string{
		"language":   languageOf(p.country.code),
		"source":     sources[r.pick(sourceWeights)],
		"birth_year": fmt.Sprint(r.between(1950, 2006)),
	}
	s.consents(r, &c)
	c.Normalize()
	p.profile = c
	return p
}

var countryWeights = func() []float64 {
	w := make([]float64, len(countries))
	for i, c := range countries {
		w[i] = c.weight
	}
	return w
}()

func languageOf(code string) string {
	switch code {
	case "DE", "AT":
		return "de"
	case "FR":
		return "fr"
	case "NL":
		return "nl"
	case "BE":
		return "nl"
	case "IT":
		return "it"
	case "ES":
		return "es"
	}
	return "en"
}

// preferredCategories draws two distinct categories by their weights.
func (s *sim) preferredCategories(r *rng) []int {
	a := s.cat.catDraw.draw(r)
	b := a
	for b == a {
		b = s.cat.catDraw.draw(r)
	}
	return []int{a, b}
}

// email builds a unique address from the name: ASCII-folded, in one of the
// forms people use, numbered on a clash.
func (u *uniques) email(r *rng, first, last string) string {
	f, l := asciiFold(first), asciiFold(last)
	var local string
	switch r.IntN(5) {
	case 0, 1:
		local = f + "." + l
	case 2:
		local = f[:1] + l
	case 3:
		local = f + "_" + l
	default:
		local = f + l + fmt.Sprint(r.between(1, 99))
	}
	if r.bernoulli(0.1) {
		// Some people type their address capitalised; it stays so, the key is lower case.
		local = strings.ToUpper(local[:1]) + local[1:]
	}
	domain := oneOf(r, emailDomains)
	e := local + "@" + domain
	for k := 2; u.emails[customer.EmailKey(e)]; k++ {
		e = fmt.Sprintf("%s%d@%s", local, k, domain)
	}
	u.emails[customer.EmailKey(e)] = true
	return e
}

// asciiFold lower-cases a name and drops what an e-mail local part would not
// hold: accents folded, spaces and apostrophes removed.
func asciiFold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch r {
		case 'ä':
			b.WriteString("ae")
		case 'ö':
			b.WriteString("oe")
		case 'ü':
			b.WriteString("ue")
		case 'é', 'è', 'ê', 'ë':
			b.WriteByte('e')
		case 'á', 'à':
			b.WriteByte('a')
		case 'í', 'ï':
			b.WriteByte('i')
		case 'ó':
			b.WriteByte('o')
		case 'ú':
			b.WriteByte('u')
		case 'ñ':
			b.WriteByte('n')
		case 'ç':
			b.WriteByte('c')
		default:
			if r >= 'a' && r <= 'z' {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// phone returns a unique mobile number of the country, written as people
// type it (spaces between groups); stores keep the normalised digits.
func (u *uniques) phone(r *rng, c *country) string {
	for {
		prefix := oneOf(r, c.mobile)
		rest := 9 - len(prefix)
		if c.code == "DE" {
			rest = 8
		}
		digits := make([]byte, rest)
		for i := range digits {
			digits[i] = byte('0' + r.IntN(10))
		}
		formatted := fmt.Sprintf("+%s %s %s %s", c.phoneCC, prefix, digits[:rest/2], digits[rest/2:])
		key := customer.NormalizePhone(formatted)
		if !u.phones[key] {
			u.phones[key] = true
			return formatted
		}
	}
}

func address(r *rng, c *country, kind string) customer.Address {
	ci := r.IntN(len(c.cities))
	a := customer.Address{
		Kind:    kind,
		Line1:   fmt.Sprintf("%s %d", oneOf(r, c.street), r.between(1, 180)),
		City:    c.cities[ci],
		Country: c.code,
	}
	if ci < len(c.regions) {
		a.Region = c.regions[ci]
	}
	if c.postDigit > 0 {
		a.PostalCode = fmt.Sprintf("%0*d", c.postDigit, r.IntN(pow10(c.postDigit)))
	}
	if r.bernoulli(0.15) {
		a.Line2 = fmt.Sprintf("Apt %d", r.between(1, 60))
	}
	return a
}

func pow10(n int) int {
	x := 1
	for range n {
		x *= 10
	}
	return x
}

// consents writes the consent history: e-mail marketing granted at sign-up
// by 60 %, SMS by 20 % of those with a phone; 15 % of e-mail grants are
// withdrawn later through the unsubscribe link (a fifth of those opt in again
// in the preference centre), 10 % of SMS grants are stopped, and 10 % of
// those who declined at sign-up opt in later.
func (s *sim) consents(r *rng, c *customer.Customer) {
	later := func(after time.Time) time.Time {
		return after.Add(time.Duration(r.Float64() * float64(s.opts.End.Sub(after)))).Truncate(time.Second)
	}
	signup := c.CreatedAt
	if r.bernoulli(0.6) {
		c.GrantConsent(customer.ChannelEmail, signup, oneOf(r, []string{"checkout", "signup_form"}))
		if r.bernoulli(0.15) {
			w := later(signup)
			c.WithdrawConsent(customer.ChannelEmail, w, "unsubscribe_link")
			if r.bernoulli(0.2) {
				c.GrantConsent(customer.ChannelEmail, later(w), "preference_center")
			}
		}
	} else if r.bernoulli(0.1) {
		c.GrantConsent(customer.ChannelEmail, later(signup), "preference_center")
	}
	if c.Phone != "" && r.bernoulli(0.2) {
		c.GrantConsent(customer.ChannelSMS, signup, "checkout")
		if r.bernoulli(0.1) {
			c.WithdrawConsent(customer.ChannelSMS, later(signup), "sms_stop")
		}
	}
	slices.SortStableFunc(c.Consents, func(a, b customer.Consent) int { return a.At.Compare(b.At) })
	c.UpdatedAt = c.CreatedAt
	for _, k := range c.Consents {
		if k.At.After(c.UpdatedAt) {
			c.UpdatedAt = k.At
		}
	}
	if c.HasConsent(customer.ChannelEmail) {
		c.Tags = append(c.Tags, "newsletter")
	}
}

// duplicate plants a second profile of the person behind orig: same name and
// phone (typed differently), another or no e-mail, signed up later through a
// guest checkout. It buys rarely on its own.
func (s *sim) duplicate(r *rng, u *uniques, index int, orig *person) person {
	o := &orig.profile
	if o.Phone == "" {
		o.Phone = customer.NormalizePhone(u.phone(r, orig.country))
	}
	created := o.CreatedAt.Add(r.duration(7*24*time.Hour, 200*24*time.Hour))
	if limit := s.opts.End.Add(-24 * time.Hour); created.After(limit) {
		created = limit
	}
	if created.Before(o.CreatedAt) {
		created = o.CreatedAt
	}
	created = created.Truncate(time.Second)
	c := customer.Customer{
		ID:        r.uuid(),
		FirstName: strings.ToLower(o.FirstName),
		LastName:  o.LastName,
		Phone:     spacedPhone(o.Phone),
		Addresses: slices.Clone(o.Addresses),
		CreatedAt: created,
		UpdatedAt: created,
		Version:   1,
		Tags:      []string{"guest-checkout"},
	}
	if r.bernoulli(0.5) {
		c.Email = u.email(r, o.FirstName, o.LastName)
	}
	c.Attributes = map[string]string{"language": o.Attributes["language"], "source": "direct"}
	c.Normalize()
	p := person{index: index, profile: c, country: orig.country, prefs: slices.Clone(orig.prefs)}
	p.latent = Latent{
		Type:        Occasional,
		Rate:        r.gamma(2, 0.75),
		Dropout:     r.beta(6, 6),
		Alive:       true,
		Categories:  slices.Clone(orig.latent.Categories),
		DuplicateOf: o.ID,
	}
	return p
}

// spacedPhone writes normalised digits the way another form might store them:
// "+49151..." as "+49-151-...".
func spacedPhone(p string) string {
	if len(p) < 7 {
		return p
	}
	return p[:3] + "-" + p[3:6] + "-" + p[6:]
}
