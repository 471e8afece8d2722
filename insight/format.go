package insight

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// grouped formats x with the given decimals and thousands separators.
func grouped(x float64, decimals int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "–"
	}
	s := strconv.FormatFloat(math.Abs(x), 'f', decimals, 64)
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	var b strings.Builder
	if x < 0 && strings.Trim(s, "0.") != "" {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String() + frac
}

// money formats an amount with its currency code, in whole units from a
// thousand up.
func money(x float64, currency string) string {
	d := 2
	if math.Abs(x) >= 1000 {
		d = 0
	}
	return grouped(x, d) + " " + currency
}

func percent(x float64) string { return grouped(100*x, 1) + "%" }

// formatValue formats a KPI value by its unit.
func formatValue(unit string, x float64, currency string) string {
	switch unit {
	case "currency":
		return money(x, currency)
	case "ratio":
		return percent(x)
	}
	return grouped(x, 0)
}

// formatChange formats a KPI's change: relative for counts and money,
// in percentage points for ratios.
func formatChange(k KPI) string {
	if k.Unit == "ratio" {
		return fmt.Sprintf("%+.1f pp", 100*k.Change)
	}
	if k.ChangeRatio == nil {
		if k.Change == 0 {
			return "0"
		}
		return "new"
	}
	return fmt.Sprintf("%+.1f%%", 100**k.ChangeRatio)
}

// goodWhenDown lists the KPIs where a fall is good news.
var goodWhenDown = map[string]bool{"churn_rate": true, "refund_rate": true, "refund_amount": true}

// changeTone says whether a KPI's change is good ("up"), bad ("down") or
// neither ("flat").
func changeTone(k KPI) string {
	switch {
	case k.Change == 0:
		return "flat"
	case (k.Change > 0) != goodWhenDown[k.Key]:
		return "up"
	}
	return "down"
}

// segmentLabel turns an RFM segment key into words.
func segmentLabel(s string) string {
	switch s {
	case "cant_lose":
		return "Can't lose"
	case "":
		return "all customers"
	}
	s = strings.ReplaceAll(s, "_", " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

func distRange(d Distribution, currency string) string {
	return fmt.Sprintf("%s (%s – %s)", money(d.Mean, currency), money(d.P5, currency), money(d.P95, currency))
}
