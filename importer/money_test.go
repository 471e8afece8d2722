package importer

import (
	"testing"

	"github.com/shopspring/decimal"
)

// The fast path must give the same sums as decimal arithmetic, including
// prices beyond it (many digits, huge values) and sums that overflow it.
func TestMoneyMatchesDecimalArithmetic(t *testing.T) {
	cases := []struct {
		price string
		qty   int
	}{
		{"2.55", 6}, {"0.001", -80995}, {"11062.06", 1}, {"-11062.06", 1}, {"0", 12},
		{"1.23456789", 3}, {"999999.99", 999999}, {"123456789012.5", 2}, {"4.1", -7},
		{"1000000", 1000000}, {"0.000001", 1}, {"38970", 1}, {"7", 999_999},
	}
	var m money
	want := decimal.Zero
	for round := 0; round < 2000; round++ {
		for _, c := range cases {
			p := decimal.RequireFromString(c.price)
			m.add(p, c.qty)
			want = want.Add(p.Mul(decimal.NewFromInt(int64(c.qty))))
		}
	}
	if got := m.total(); !got.Equal(want) {
		t.Fatalf("sum %s, want %s", got, want)
	}
}
