package recommend

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"
)

// The serving benchmark of issue 8: an ALS model (64 factors) over a synthetic shop
// of 50,000 items in 50 categories and 200,000 users with 10 purchases each drawn
// from a Zipf-like popularity, 2% of the catalogue inactive.
const (
	benchUsers = 200_000
	benchItems = 50_000
	benchCats  = 50
)

var (
	benchOnce sync.Once
	benchRec  *Recommender
	benchErr  error
)

func benchRecommender(b *testing.B) *Recommender {
	benchOnce.Do(func() {
		rng := rand.New(rand.NewPCG(42, 42))
		bld := NewBuilder(&BuildOptions{Binary: true})
		products := make([]Product, benchItems)
		for i := range products {
			products[i] = Product{ID: fmt.Sprintf("p%05d", i), Category: fmt.Sprintf("cat-%02d", i%benchCats), Active: rng.Float64() >= 0.02}
			bld.AddItems(products[i].ID)
		}
		zipf := rand.NewZipf(rand.New(rand.NewPCG(7, 7)), 1.1, 20, benchItems-1)
		t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		for u := 0; u < benchUsers; u++ {
			user := fmt.Sprintf("c%06d", u)
			for k := 0; k < 10; k++ {
				_ = bld.Add(Event{User: user, Item: products[zipf.Uint64()].ID, Kind: KindPurchase, At: t0.Add(time.Duration(u) * time.Minute)})
			}
		}
		in, err := bld.Build()
		if err != nil {
			benchErr = err
			return
		}
		m, err := TrainALS(ctx, in, &ALSOptions{Factors: 64, Iterations: 3})
		if err != nil {
			benchErr = err
			return
		}
		benchRec, benchErr = NewRecommender(ctx, m, &RecommenderOptions{Products: products, Build: &BuildOptions{Binary: true}})
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchRec
}

// BenchmarkServeALS measures one top-10 request with filters (seen items, inactive
// products, two excluded categories) and reports p50 and p99 latency. Run with -cpu 1
// for the single-core figure.
func BenchmarkServeALS(b *testing.B) {
	r := benchRecommender(b)
	filters := []Filter{ExcludeSeen(), ExcludeCategories("cat-03", "cat-07")}
	var lat, cpu []time.Duration
	i := 0
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for b.Loop() {
		user := fmt.Sprintf("c%06d", (i*7919)%benchUsers)
		i++
		c0 := threadCPU()
		start := time.Now()
		recs, err := r.Recommend(user, 10, filters...)
		lat = append(lat, time.Since(start))
		cpu = append(cpu, threadCPU()-c0)
		if err != nil || len(recs) != 10 {
			b.Fatalf("%v %d", err, len(recs))
		}
	}
	reportPercentiles(b, lat, "")
	reportPercentiles(b, cpu, "cpu-")
}

// BenchmarkServeALSFullScan is the same request answered by scoring every item
// (Sgemv over 50,000 × 64 float32 factors) and a heap, without norm pruning: the cost
// on a catalogue whose popularity is flat enough that pruning cannot help.
func BenchmarkServeALSFullScan(b *testing.B) {
	r := benchRecommender(b)
	m := r.Model().(*ALS)
	in := m.Data()
	scores := make([]float64, in.NumItems())
	var lat, cpu []time.Duration
	i := 0
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for b.Loop() {
		u := (i * 7919) % benchUsers
		i++
		c0 := threadCPU()
		start := time.Now()
		h := in.History(u)
		q := &query{data: in, hist: h, excludeSeen: true, excludeDisliked: true, activeOnly: true, cat: r.cat,
			excludeCats: map[string]bool{"cat-03": true, "cat-07": true}}
		m.ScoreInto(u, h, scores)
		top := topN(scores, 10, q.skip)
		lat = append(lat, time.Since(start))
		cpu = append(cpu, threadCPU()-c0)
		if len(top) != 10 {
			b.Fatal(len(top))
		}
	}
	reportPercentiles(b, lat, "")
	reportPercentiles(b, cpu, "cpu-")
}

// BenchmarkServeALSParallel measures throughput with requests on all cores.
func BenchmarkServeALSParallel(b *testing.B) {
	r := benchRecommender(b)
	filters := []Filter{ExcludeSeen(), ExcludeCategories("cat-03", "cat-07")}
	var mu sync.Mutex
	seed := uint64(0)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		mu.Lock()
		seed++
		rng := rand.New(rand.NewPCG(seed, 3))
		mu.Unlock()
		for pb.Next() {
			if _, err := r.Recommend(fmt.Sprintf("c%06d", rng.IntN(benchUsers)), 10, filters...); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
}

// BenchmarkFoldIn measures folding 5 fresh events of a known user into the model
// (an exact 64-factor solve at the next request) plus that request.
func BenchmarkFoldIn(b *testing.B) {
	r := benchRecommender(b)
	i := 0
	var lat, cpu []time.Duration
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for b.Loop() {
		user := fmt.Sprintf("c%06d", (i*104729)%benchUsers)
		ev := make([]Event, 5)
		for k := range ev {
			ev[k] = Event{User: user, Item: fmt.Sprintf("p%05d", (i*31+k*977)%benchItems), Kind: KindView}
		}
		i++
		c0 := threadCPU()
		start := time.Now()
		if err := r.AddEvents(user, ev...); err != nil {
			b.Fatal(err)
		}
		if _, err := r.Recommend(user, 10, ExcludeSeen()); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
		cpu = append(cpu, threadCPU()-c0)
	}
	reportPercentiles(b, lat, "")
	reportPercentiles(b, cpu, "cpu-")
}

// BenchmarkFoldInSolve is the fold-in solve alone (no scoring).
func BenchmarkFoldInSolve(b *testing.B) {
	m := benchRecommender(b).Model().(*ALS)
	h := m.Data().History(12345)
	for b.Loop() {
		_ = m.FoldIn(h)
	}
}

func reportPercentiles(b *testing.B, lat []time.Duration, prefix string) {
	if len(lat) == 0 {
		return
	}
	s := slices.Clone(lat)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	q := func(p float64) float64 {
		return float64(s[min(int(math.Ceil(p*float64(len(s))))-1, len(s)-1)].Microseconds())
	}
	b.ReportMetric(q(0.50), prefix+"p50-µs")
	b.ReportMetric(q(0.99), prefix+"p99-µs")
}
