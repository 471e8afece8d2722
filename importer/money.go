package importer

import "github.com/shopspring/decimal"

// money adds up quantity × price exactly: in integer millionths while the
// values are ordinary shop prices (the fast, allocation-free path) and as
// decimals otherwise.
type money struct {
	micros int64
	rest   decimal.Decimal
}

var pow10 = [...]int64{1, 10, 100, 1_000, 10_000, 100_000, 1_000_000}

// add adds qty × price.
func (m *money) add(price decimal.Decimal, qty int) {
	exp := price.Exponent()
	if exp >= -6 && exp <= 0 && qty > -1_000_000 && qty < 1_000_000 && price.NumDigits() <= 18 {
		c := price.CoefficientInt64() * pow10[exp+6]
		// |c| ≤ 10^12 (a price up to a million) keeps |c × qty| under 10^18.
		if c > -1_000_000_000_000 && c < 1_000_000_000_000 && price.NumDigits()-int(exp) <= 13 {
			m.micros += c * int64(qty)
			if m.micros > 1e18 || m.micros < -1e18 {
				m.spill()
			}
			return
		}
	}
	m.rest = m.rest.Add(price.Mul(decimal.NewFromInt(int64(qty))))
}

func (m *money) spill() {
	m.rest = m.rest.Add(decimal.New(m.micros, -6))
	m.micros = 0
}

// total returns the exact sum.
func (m *money) total() decimal.Decimal { return m.rest.Add(decimal.New(m.micros, -6)) }
