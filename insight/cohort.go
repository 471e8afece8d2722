package insight

import "time"

// cohorts builds retention by monthly acquisition cohort for the n cohort
// months that end with the month holding the period's last instant. A
// customer's cohort is the month of their first sale; cell k counts the
// cohort's customers with a sale in the k-th month after it. Months that
// start at or after the period's end are left out, so rows are ragged.
func (h *history) cohorts(end time.Time, n int) Cohorts {
	last := monthStart(end.Add(-time.Nanosecond))
	first := last.AddDate(0, -(n - 1), 0)
	var c Cohorts
	counts := make([][]int, n)
	for i := range n {
		m := first.AddDate(0, i, 0)
		c.Months = append(c.Months, m.Format("2006-01"))
		counts[i] = make([]int, monthsBetween(m, last)+1)
	}
	c.Sizes = make([]int, n)
	for _, ts := range h.times {
		i := monthsBetween(first, ts[0])
		if i < 0 || i >= n || !ts[0].Before(end) {
			continue
		}
		c.Sizes[i]++
		prev := -1
		for _, t := range ts {
			if !t.Before(end) {
				break
			}
			k := monthsBetween(ts[0], t)
			if k != prev {
				counts[i][k]++
				prev = k
			}
		}
	}
	c.Retention = make([][]float64, n)
	for i := range n {
		c.Retention[i] = make([]float64, len(counts[i]))
		for k, v := range counts[i] {
			c.Retention[i][k] = ratio(float64(v), float64(c.Sizes[i]))
		}
	}
	return c
}
