package segment

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"gonum.org/v1/gonum/mat"
)

// RFMClusterOptions configures ClusterRFM. The zero value (or nil) chooses
// k from 2..8 by silhouette, measures recency from the day after the latest
// order and weights the three features equally.
type RFMClusterOptions struct {
	// K fixes the number of clusters; zero chooses it by silhouette.
	K int
	// AsOf is the moment recency is measured from (see RFMOptions.AsOf).
	AsOf time.Time
	// Weights multiplies the standardised recency, frequency and monetary
	// features; nil means 1, 1, 1.
	Weights []float64
	// KMeans, ChooseK and Silhouette pass options through; ChooseK's own
	// KMeans and Silhouette fields are replaced by these.
	KMeans     *KMeansOptions
	ChooseK    *ChooseKOptions
	Silhouette *SilhouetteOptions
}

// ClusterProfile describes one cluster in original units.
type ClusterProfile struct {
	Cluster int     `json:"cluster"`
	Size    int     `json:"size"`
	Share   float64 `json:"share"` // of customers
	// RecencyDays, Frequency and Monetary are the centroid mapped back to
	// original units: a typical member (a geometric-style mean, since the
	// features are clustered on the log scale).
	RecencyDays float64 `json:"recency_days"`
	Frequency   float64 `json:"frequency"`
	Monetary    float64 `json:"monetary"`
	// MeanMonetary is the members' arithmetic mean spend.
	MeanMonetary float64 `json:"mean_monetary"`
	// RevenueShare is the members' part of all customers' money.
	RevenueShare float64 `json:"revenue_share"`
	// Traits are short words per feature ("recent", "frequent", "high
	// spend"); Description is a sentence for a report.
	Traits      []string `json:"traits"`
	Description string   `json:"description"`
}

// RFMClusters is the result of ClusterRFM: clusters are numbered by
// descending typical spend, so cluster 0 is the most valuable.
type RFMClusters struct {
	CustomerIDs []uuid.UUID      `json:"customer_ids"`
	Labels      []int            `json:"labels"` // cluster per customer, as CustomerIDs
	Profiles    []ClusterProfile `json:"profiles"`
	Choices     []KChoice        `json:"choices,omitempty"` // when k was chosen by silhouette
	Inertia     float64          `json:"inertia"`
	Scaler      *Scaler          `json:"scaler"`
	Centers     *mat.Dense       `json:"-"` // prepared space, rows in cluster order
}

// RFMMatrix returns the raw n×3 matrix of recency in days, frequency and
// monetary value for the records, as of asOf (zero: the day after the
// latest order).
func RFMMatrix(records []Record, asOf time.Time) (*mat.Dense, error) {
	if len(records) == 0 {
		return nil, ErrNoData
	}
	if asOf.IsZero() {
		for _, r := range records {
			if r.LastOrder.After(asOf) {
				asOf = r.LastOrder
			}
		}
		asOf = asOf.UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)
	}
	x := mat.NewDense(len(records), 3, nil)
	for i, r := range records {
		rec := asOf.Sub(r.LastOrder).Hours() / 24
		switch {
		case rec < 0:
			return nil, invalid(fieldAt("records", i, "last_order"), r.LastOrder, "after the as-of time")
		case r.Frequency < 0:
			return nil, invalid(fieldAt("records", i, "frequency"), r.Frequency, "must not be negative")
		case !(r.Monetary >= 0) || math.IsInf(r.Monetary, 0):
			return nil, invalid(fieldAt("records", i, "monetary"), r.Monetary, "must be finite and not negative")
		}
		x.Set(i, 0, rec)
		x.Set(i, 1, float64(r.Frequency))
		x.Set(i, 2, r.Monetary)
	}
	return x, nil
}

// ClusterRFM clusters customers on log1p-transformed, standardised
// recency, frequency and monetary value and profiles each cluster.
func ClusterRFM(ctx context.Context, records []Record, opt *RFMClusterOptions) (*RFMClusters, error) {
	var o RFMClusterOptions
	if opt != nil {
		o = *opt
	}
	raw, err := RFMMatrix(records, o.AsOf)
	if err != nil {
		return nil, err
	}
	z, scaler, err := Prepare(raw, &FeatureOptions{Log1p: []bool{true, true, true}, Weights: o.Weights})
	if err != nil {
		return nil, err
	}
	out := &RFMClusters{Scaler: scaler}
	var res *KMeansResult
	if o.K > 0 {
		res, err = KMeans(ctx, z, o.K, o.KMeans)
	} else {
		var ck ChooseKOptions
		if o.ChooseK != nil {
			ck = *o.ChooseK
		}
		ck.KMeans, ck.Silhouette = o.KMeans, o.Silhouette
		res, out.Choices, err = ChooseK(ctx, z, &ck)
	}
	if err != nil {
		return nil, err
	}
	centres := scaler.Inverse(res.Centers)
	// Renumber clusters by descending typical spend.
	order := make([]int, res.K)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(centres.At(b, 2), centres.At(a, 2)) })
	newID := make([]int, res.K)
	for nw, old := range order {
		newID[old] = nw
	}
	n := len(records)
	out.CustomerIDs = make([]uuid.UUID, n)
	out.Labels = make([]int, n)
	out.Inertia = res.Inertia
	profiles := make([]ClusterProfile, res.K)
	total := 0.0
	for i, r := range records {
		c := newID[res.Labels[i]]
		out.CustomerIDs[i] = r.CustomerID
		out.Labels[i] = c
		profiles[c].Size++
		profiles[c].MeanMonetary += r.Monetary
		total += r.Monetary
	}
	out.Centers = mat.NewDense(res.K, 3, nil)
	for old, nw := range newID {
		p := &profiles[nw]
		p.Cluster = nw
		p.Share = float64(p.Size) / float64(n)
		if total > 0 {
			p.RevenueShare = p.MeanMonetary / total
		}
		if p.Size > 0 {
			p.MeanMonetary /= float64(p.Size)
		}
		p.RecencyDays, p.Frequency, p.Monetary = centres.At(old, 0), centres.At(old, 1), centres.At(old, 2)
		out.Centers.SetRow(nw, res.Centers.RawRowView(old))
		// Traits come from the unweighted standard score of the centre.
		zs := make([]float64, 3)
		for j := range zs {
			zs[j] = res.Centers.At(old, j)
			if w := scaler.Weights[j]; w != 0 {
				zs[j] /= w
			}
		}
		p.Traits = rfmTraits(zs)
		p.Description = describe(p)
	}
	out.Profiles = profiles
	return out, nil
}

func rfmTraits(z []float64) []string {
	level := func(v float64, words [5]string) string {
		switch {
		case v <= -1:
			return words[0]
		case v <= -0.35:
			return words[1]
		case v < 0.35:
			return words[2]
		case v < 1:
			return words[3]
		}
		return words[4]
	}
	return []string{
		level(z[0], [5]string{"very recent", "recent", "average recency", "lapsing", "long gone"}),
		level(z[1], [5]string{"one-off", "infrequent", "average frequency", "frequent", "very frequent"}),
		level(z[2], [5]string{"very low spend", "low spend", "average spend", "high spend", "top spend"}),
	}
}

func describe(p *ClusterProfile) string {
	return fmt.Sprintf("%d customers (%.0f%%), %s: typically last ordered %.0f days ago, %.1f orders, %.2f spent; %.0f%% of revenue",
		p.Size, 100*p.Share, strings.Join(p.Traits, ", "), p.RecencyDays, p.Frequency, p.Monetary, 100*p.RevenueShare)
}
