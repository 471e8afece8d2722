package recommend

import (
	"context"
	"io"
	"time"
)

// Save writes the recommender — model, interactions, catalogue, rules, co-purchase
// statistics, fresh events and erasures — to w in the versioned format LoadRecommender
// reads. The Segment function cannot be saved; the segments of known users are.
func (r *Recommender) Save(w io.Writer) error {
	r.mu.RLock()
	defer r.mu.RUnlock()
	ms, err := snapModel(r.model)
	if err != nil {
		return err
	}
	s := recommenderSnap{
		Data: snapInteractions(r.data), Model: ms, Products: r.opts.Products, Names: r.opts.Names,
		Diversity: r.opts.Diversity, TrendingWindow: int64(r.opts.TrendingWindow), Rules: r.opts.Rules,
		Build: r.opts.Build, UserSegments: r.segPop.userSeg, Fresh: map[string]freshSnap{},
	}
	if f := r.fbt; f != nil {
		s.FBT = &fbtSnap{Items: f.Items.ids, Baskets: f.Baskets, Count: f.Count, Partners: f.Partners}
	}
	for id, f := range r.fresh {
		s.Fresh[id] = freshSnap{Hist: f.hist, Neg: f.neg}
	}
	return writeEnvelope(w, "recommender", &s)
}

// LoadRecommender reads a recommender written by Save. segment, which may be nil,
// gives the segment of users unknown at save time. Bad input yields an error wrapping
// ErrFormat.
func LoadRecommender(ctx context.Context, rd io.Reader, segment func(user string) string) (*Recommender, error) {
	var s recommenderSnap
	if err := readEnvelope(rd, "recommender", &s); err != nil {
		return nil, err
	}
	in, err := s.Data.restore()
	if err != nil {
		return nil, err
	}
	m, err := s.Model.restore(in)
	if err != nil {
		return nil, err
	}
	if len(s.UserSegments) != in.NumUsers() {
		return nil, formatErr("user segments: %d for %d users", len(s.UserSegments), in.NumUsers())
	}
	saved := s.UserSegments
	seg := func(user string) string {
		if u, ok := in.Users.Index(user); ok && saved[u] != "" {
			return saved[u]
		}
		if segment != nil {
			return segment(user)
		}
		return ""
	}
	opts := &RecommenderOptions{
		Products: s.Products, Names: s.Names, Segment: seg, Diversity: s.Diversity,
		TrendingWindow: time.Duration(s.TrendingWindow), Rules: s.Rules, Build: s.Build,
	}
	if f := s.FBT; f != nil {
		if len(f.Count) != len(f.Items) || len(f.Partners) != len(f.Items) {
			return nil, formatErr("co-purchase statistics: inconsistent lengths")
		}
		opts.FBT = &FBT{Items: idMapFrom(f.Items), Baskets: f.Baskets, Count: f.Count, Partners: f.Partners}
	}
	r, err := NewRecommender(ctx, m, opts)
	if err != nil {
		return nil, formatErr("%v", err)
	}
	for id, f := range s.Fresh {
		if err := checkRow(f.Hist, in.NumItems()); err != nil {
			return nil, err
		}
		if err := checkRow(f.Neg, in.NumItems()); err != nil {
			return nil, err
		}
		r.fresh[id] = &freshUser{hist: f.Hist, neg: f.Neg}
	}
	return r, nil
}

func checkRow(h Row, n int) error {
	if len(h.Ind) != len(h.Val) {
		return formatErr("fresh history: %d items, %d values", len(h.Ind), len(h.Val))
	}
	for k, i := range h.Ind {
		if i < 0 || int(i) >= n || (k > 0 && i <= h.Ind[k-1]) {
			return formatErr("fresh history: bad item index %d", i)
		}
	}
	return finite("fresh history", h.Val)
}
