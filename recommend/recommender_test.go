package recommend

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
)

func newShopRecommender(t *testing.T, model string, opts *RecommenderOptions) (*Recommender, *testShop) {
	t.Helper()
	s := newTestShop(300, 12, []string{"books", "games", "tools", "garden"}, 11)
	in := s.interactions(t)
	var m Model
	var err error
	switch model {
	case "als":
		m, err = TrainALS(ctx, in, &ALSOptions{Factors: 8, Iterations: 6, Alpha: 5, Lambda: 1})
	default:
		m, err = TrainItemKNN(ctx, in, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	o := RecommenderOptions{}
	if opts != nil {
		o = *opts
	}
	o.Products = s.products
	o.Segment = func(u string) string { return s.segments[u] }
	o.Build = &BuildOptions{Binary: true}
	r, err := NewRecommender(ctx, m, &o)
	if err != nil {
		t.Fatal(err)
	}
	return r, s
}

func items(recs []Recommendation) []string {
	out := make([]string, len(recs))
	for k, r := range recs {
		out[k] = r.Item
	}
	return out
}

func TestRecommenderFiltersAndReasons(t *testing.T) {
	r, _ := newShopRecommender(t, "knn", nil)
	in := r.Model().Data()
	u, _ := in.Users.Index("u007")
	hist := in.History(u)
	recs, err := r.Recommend("u007", 8, ExcludeSeen())
	if err != nil || len(recs) != 8 {
		t.Fatalf("Recommend: %v, %d items", err, len(recs))
	}
	for _, rec := range recs {
		i, _ := in.Items.Index(rec.Item)
		if contains(hist.Ind, int32(i)) {
			t.Errorf("seen item %s recommended", rec.Item)
		}
		if rec.Reason.Kind != ReasonSimilar || rec.Reason.Item == "" || !strings.HasPrefix(rec.Reason.Text, "because you liked ") {
			t.Errorf("reason %+v", rec.Reason)
		}
		if j, _ := in.Items.Index(rec.Reason.Item); !contains(hist.Ind, int32(j)) {
			t.Errorf("reason names %s, not in the history", rec.Reason.Item)
		}
	}
	recs, _ = r.Recommend("u007", 20, ExcludeCategories("books", "games"))
	for _, rec := range recs {
		if strings.HasPrefix(rec.Item, "books") || strings.HasPrefix(rec.Item, "games") {
			t.Errorf("excluded category item %s", rec.Item)
		}
	}
	recs, _ = r.Recommend("u007", 5, OnlyCategories("garden"), ExcludeItems("garden-00"))
	for _, rec := range recs {
		if !strings.HasPrefix(rec.Item, "garden") || rec.Item == "garden-00" {
			t.Errorf("OnlyCategories/ExcludeItems let %s through", rec.Item)
		}
	}
}

func TestRecommenderInactiveAndRules(t *testing.T) {
	r0, s := newShopRecommender(t, "knn", nil)
	base, _ := r0.Recommend("u010", 6)
	top := base[0].Item
	products := slices.Clone(s.products)
	for k := range products {
		if products[k].ID == top {
			products[k].Active = false
		}
	}
	r, _ := newShopRecommender(t, "knn", &RecommenderOptions{Rules: []Rule{Pin("tools-11", 1), Bury(base[1].Item, ""), Boost("", "garden", 10)}})
	r.cat = newCatalogIndex(r.data.Items, products)
	recs, _ := r.Recommend("u010", 6)
	got := items(recs)
	if got[0] != "tools-11" || recs[0].Reason.Kind != ReasonPinned {
		t.Errorf("pin: %v", got)
	}
	if slices.Contains(got, top) {
		t.Errorf("inactive %s recommended: %v", top, got)
	}
	if slices.Contains(got, base[1].Item) {
		t.Errorf("buried %s still in top 6: %v", base[1].Item, got)
	}
	if !strings.HasPrefix(got[1], "garden") {
		t.Errorf("boosted category not first after the pin: %v", got)
	}
	if _, err := NewRecommender(ctx, r.model, &RecommenderOptions{Rules: []Rule{Pin("x", 0)}}); err == nil {
		t.Error("pin at position 0 accepted")
	}
}

func TestRecommenderDiversity(t *testing.T) {
	r, _ := newShopRecommender(t, "knn", &RecommenderOptions{Diversity: 0.8})
	recs, _ := r.Recommend("u020", 4, ExcludeSeen())
	cats := map[string]bool{}
	for _, rec := range recs {
		cats[strings.Split(rec.Item, "-")[0]] = true
	}
	if len(cats) != 4 {
		t.Errorf("diversity 0.8 gave categories %v for %v", cats, items(recs))
	}
	plain, _ := newShopRecommender(t, "knn", nil)
	recs, _ = plain.Recommend("u020", 4, ExcludeSeen())
	cats = map[string]bool{}
	for _, rec := range recs {
		cats[strings.Split(rec.Item, "-")[0]] = true
	}
	if len(cats) == 4 {
		t.Logf("note: plain ranking already diverse: %v", items(recs))
	}
}

func TestRecommenderColdStart(t *testing.T) {
	r, s := newShopRecommender(t, "knn", nil)
	s.segments["newbie"] = "tools"
	recs, err := r.Recommend("newbie", 5)
	if err != nil || len(recs) != 5 {
		t.Fatalf("%v %v", err, recs)
	}
	toolsShare := 0
	for _, rec := range recs {
		if rec.Reason.Kind != ReasonPopularSegment || rec.Reason.Text != "popular among customers like you" {
			t.Errorf("reason %+v", rec.Reason)
		}
		if strings.HasPrefix(rec.Item, "tools") {
			toolsShare++
		}
	}
	if toolsShare < 4 {
		t.Errorf("segment fallback for a tools customer gave %v", items(recs))
	}
	recs, _ = r.Recommend("stranger", 3)
	if len(recs) != 3 || recs[0].Reason.Kind != ReasonTrending {
		t.Errorf("no segment: %+v", recs)
	}
	// a new product (in the catalogue, never sold): by category
	r2 := mustNewItemRecommender(t)
	sim, err := r2.Similar("books-new", 3)
	if err != nil || len(sim) != 3 {
		t.Fatalf("Similar: %v %v", err, sim)
	}
	for _, rec := range sim {
		if !strings.HasPrefix(rec.Item, "books") || rec.Reason.Kind != ReasonCategory {
			t.Errorf("new item fallback %+v", rec)
		}
	}
	if _, err := r2.Similar("nope", 3); !errors.Is(err, ErrUnknownItem) {
		t.Errorf("unknown item: %v", err)
	}
}

func mustNewItemRecommender(t *testing.T) *Recommender {
	s := newTestShop(200, 8, []string{"books", "games"}, 3)
	s.products = append(s.products, Product{ID: "books-new", Category: "books", Active: true})
	b := NewBuilder(&BuildOptions{Binary: true})
	for _, p := range s.products {
		b.AddItems(p.ID)
	}
	for _, e := range s.events {
		_ = b.Add(e)
	}
	in, _ := b.Build()
	m, err := TrainItemKNN(ctx, in, nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewRecommender(ctx, m, &RecommenderOptions{Products: s.products})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRecommenderFBTExplanation(t *testing.T) {
	s := newTestShop(200, 8, []string{"books", "games"}, 4)
	var baskets [][]string
	for k := 0; k < 30; k++ {
		baskets = append(baskets, []string{"books-01", "games-05"}, []string{"games-00"})
	}
	fbt, _ := TrainFBT(ctx, baskets, nil)
	in := s.interactions(t)
	m, _ := TrainItemKNN(ctx, in, nil)
	r, err := NewRecommender(ctx, m, &RecommenderOptions{FBT: fbt, Products: s.products, Names: map[string]string{"books-01": "The Go Book"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.AddEvents("fresh", Event{User: "fresh", Item: "books-01", Kind: KindPurchase}); err != nil {
		t.Fatal(err)
	}
	recs, _ := r.Recommend("fresh", 30, ExcludeSeen())
	var found bool
	for _, rec := range recs {
		if rec.Item == "games-05" {
			found = true
			if rec.Reason.Kind != ReasonBoughtWith || rec.Reason.Text != "bought with The Go Book" {
				t.Errorf("reason %+v", rec.Reason)
			}
		}
	}
	if !found {
		t.Errorf("games-05 missing from %v", items(recs))
	}
	sim, _ := r.Similar("books-01", 1)
	if len(sim) != 1 || sim[0].Item != "games-05" || sim[0].Reason.Kind != ReasonBoughtWith {
		t.Errorf("Similar with FBT: %+v", sim)
	}
}

// Folding a known user's own history back in must reproduce (nearly) the ranking of
// the trained factors, and fresh events must change recommendations without training.
func TestRecommenderFoldIn(t *testing.T) {
	r, _ := newShopRecommender(t, "als", nil)
	before, _ := r.Recommend("u030", 5, ExcludeSeen())
	if err := r.AddEvents("u030"); err != nil { // no new events: the merged history is the old one
		t.Fatal(err)
	}
	after, _ := r.Recommend("u030", 5, ExcludeSeen())
	common := 0
	for _, it := range items(after) {
		if slices.Contains(items(before), it) {
			common++
		}
	}
	if common < 4 {
		t.Errorf("fold-in of the same history changed the top 5: %v → %v", items(before), items(after))
	}
	var ev []Event
	for _, it := range []string{"garden-00", "garden-01", "garden-02", "garden-03"} {
		ev = append(ev, Event{User: "brand-new", Item: it, Kind: KindPurchase})
	}
	if err := r.AddEvents("brand-new", ev...); err != nil {
		t.Fatal(err)
	}
	recs, _ := r.Recommend("brand-new", 4, ExcludeSeen())
	garden := 0
	for _, rec := range recs {
		if strings.HasPrefix(rec.Item, "garden-0") && rec.Item <= "garden-03" {
			t.Errorf("seen fresh item %s recommended", rec.Item)
		}
		if strings.HasPrefix(rec.Item, "garden") {
			garden++
		}
	}
	if garden < 3 {
		t.Errorf("fresh garden buyer got %v", items(recs))
	}
	if err := r.AddEvents("a", Event{User: "b", Item: "garden-00"}); err == nil {
		t.Error("event of another user accepted")
	}
	if err := r.AddEvents("brand-new", Event{User: "brand-new", Item: "garden-04", Kind: KindDislike}); err != nil {
		t.Fatal(err)
	}
	recs, _ = r.Recommend("brand-new", 40)
	if slices.Contains(items(recs), "garden-04") {
		t.Error("disliked item recommended")
	}
}

func TestRecommenderForget(t *testing.T) {
	r, _ := newShopRecommender(t, "als", nil)
	als := r.Model().(*ALS)
	u, _ := r.data.Users.Index("u042")
	nnz := r.data.M.NNZ()
	hlen := r.data.History(u).Len()
	r.Forget("u042")
	if _, ok := r.data.Users.Index("u042"); ok {
		t.Error("user still mapped")
	}
	if r.data.History(u).Len() != 0 || r.data.M.NNZ() != nnz-hlen {
		t.Errorf("history not erased: %d entries left, nnz %d → %d", r.data.History(u).Len(), nnz, r.data.M.NNZ())
	}
	for _, v := range als.X[u*als.K : (u+1)*als.K] {
		if v != 0 {
			t.Fatal("factors not zeroed")
		}
	}
	recs, _ := r.Recommend("u042", 3)
	if k := recs[0].Reason.Kind; k != ReasonTrending && k != ReasonPopularSegment {
		t.Errorf("forgotten user served from history: %+v", recs[0])
	}
	// other users unaffected and consistent
	if _, err := r.Recommend("u043", 3, ExcludeSeen()); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.Save(&buf); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(buf.Bytes(), []byte("u042")) {
		t.Error("saved model still contains the forgotten user's ID")
	}
}

func TestRecommenderConcurrent(t *testing.T) {
	r, _ := newShopRecommender(t, "als", &RecommenderOptions{Diversity: 0.3})
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for k := 0; k < 50; k++ {
				user := []string{"u001", "u002", "u100", "nobody"}[(g+k)%4]
				if _, err := r.Recommend(user, 5, ExcludeSeen()); err != nil {
					t.Error(err)
				}
				if k%10 == 0 {
					_ = r.AddEvents("live", Event{User: "live", Item: "books-01", Kind: KindView})
				}
				if g == 0 && k == 25 {
					r.Forget("u003")
				}
			}
		}(g)
	}
	wg.Wait()
}
