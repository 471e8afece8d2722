package sqlite

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMoneyTextRoundTrip: the stored text gives back the same coefficient
// and exponent, not just an equal value.
func TestMoneyTextRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		d    decimal.Decimal
		text string
	}{
		{decimal.Decimal{}, "0"},
		{decimal.Zero, "0"},
		{decimal.New(0, 1), "0e1"},
		{dec("12.50"), "12.50"},
		{dec("-3.000"), "-3.000"},
		{dec("0.1").Add(dec("0.2")), "0.3"},
		{decimal.New(5, 2), "5e2"},
		{decimal.New(-7, 3), "-7e3"},
		{dec("42"), "42"},
		{dec("123456789012345678901234567890.123456789"), "123456789012345678901234567890.123456789"},
	} {
		text := moneyText(tc.d)
		assert.Equal(t, tc.text, text)
		back, err := parseMoney(text)
		require.NoError(t, err)
		assert.Equal(t, tc.d, back, "%s", text)
		assert.Equal(t, tc.d.Exponent(), back.Exponent(), "%s", text)
	}
	_, err := parseMoney("12,50")
	assert.Error(t, err)
}
