package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/recommend"
	"github.com/crmkit/crmkit/store"
)

func init() {
	register(&command{
		name:    "recommend",
		summary: "train a recommender on the store and print a customer's top items (or similar items) with reasons",
		run:     runRecommend,
	})
}

const recommendNotes = `examples:
  crmkit recommend -customer C000010                  EASE on purchases and browsing
  crmkit recommend -customer ada@example.org -model als -n 5
  crmkit recommend -item P00068                       items to show beside a product
  crmkit recommend -customer C000010 -save model.bin  keep the trained recommender
  crmkit recommend -customer C000011 -load model.bin  serve it without training again

Models: ease (default; Steck 2019), als (implicit ALS, Hu et al. 2008), itemknn
(item-based cosine), rp3 (RP3beta, Paudel et al. 2017), pop (most popular).
A customer the model has not seen gets the trending items, and says so.`

// recommendItem is one recommended product in the -json output.
type recommendItem struct {
	recommend.Recommendation
	Rank     int    `json:"rank"`
	Name     string `json:"name,omitempty"`
	Category string `json:"category,omitempty"`
}

// recommendOutput is the -json output of crmkit recommend.
type recommendOutput struct {
	Model           string          `json:"model"`
	CustomerID      string          `json:"customer_id,omitempty"`
	Customer        string          `json:"customer,omitempty"`
	Item            string          `json:"item,omitempty"`
	Users           int             `json:"users"`
	Catalogue       int             `json:"items"`
	Trained         string          `json:"trained,omitempty"` // training time
	Recommendations []recommendItem `json:"recommendations"`
}

func runRecommend(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("crmkit recommend", stderr)
	usageFor(fs, stderr, "crmkit recommend -customer ID|EMAIL|EXT-ID | -item PRODUCT [flags]",
		"Trains a recommendation model on the store's orders (and browsing) and prints the top items\nfor a customer, or the items to show beside a product, each with the reason for it.", recommendNotes)
	db := fs.String("db", "crmkit-demo.db", dbFlagDoc)
	who := fs.String("customer", "", "recommend for this customer (ID, e-mail or external ID)")
	item := fs.String("item", "", "recommend items similar to this product ID instead")
	model := fs.String("model", "ease", "ease, als, itemknn, rp3 or pop")
	n := fs.Int("n", 10, "items to recommend")
	withBehavior := fs.Bool("behavior", true, "learn from views, cart additions, wishlists and reviews as well as purchases")
	includeSeen := fs.Bool("include-seen", false, "allow items the customer already interacted with")
	diversity := fs.Float64("diversity", 0.3, "category variety in [0, 1): 0 is pure relevance")
	category := fs.String("category", "", "only recommend items of this category")
	seed := fs.Uint64("seed", 1, "seed of the ALS initialisation")
	asOf := fs.String("as-of", "", "train on data before this day (default: all)")
	save := fs.String("save", "", "write the trained recommender to this file")
	load := fs.String("load", "", "serve the recommender saved in this file instead of training")
	asJSON := fs.Bool("json", false, "print JSON")
	quiet := fs.Bool("q", false, "no progress on stderr")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() != 0:
		fs.Usage()
		return fmt.Errorf("%w: recommend takes no arguments (use -customer or -item)", errUsage)
	case (*who == "") == (*item == ""):
		fs.Usage()
		return fmt.Errorf("%w: recommend needs one of -customer and -item", errUsage)
	case *n < 1:
		return fmt.Errorf("%w: -n %d: want at least 1", errUsage, *n)
	case *diversity < 0 || *diversity >= 1:
		return fmt.Errorf("%w: -diversity %g: want a value in [0, 1)", errUsage, *diversity)
	case *load != "" && *save != "":
		return fmt.Errorf("%w: -load and -save exclude each other", errUsage)
	}
	train, ok := recommendTrainers(*seed)[*model]
	if !ok {
		return fmt.Errorf("%w: -model %q: want ease, als, itemknn, rp3 or pop", errUsage, *model)
	}
	until, err := optionalDay("as-of", *asOf)
	if err != nil {
		return err
	}

	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	out := recommendOutput{Model: *model, Item: *item, Recommendations: []recommendItem{}}
	if *who != "" {
		c, err := findCustomer(ctx, st, *who)
		if err != nil {
			return err
		}
		out.CustomerID, out.Customer = c.ID.String(), customerLabel(c)
	}
	products, _, err := store.Collect(st.Products(ctx, store.ProductFilter{}), 0, store.ProductCursor)
	if err != nil {
		return err
	}
	catalogue, names := recommend.CatalogFrom(products)
	byID := make(map[string]order.Product, len(products))
	for _, p := range products {
		byID[p.ID] = p
	}
	if *item != "" {
		if _, ok := byID[*item]; !ok {
			return fmt.Errorf("%w: no product %q", errNotFound, *item)
		}
	}

	var rec *recommend.Recommender
	if *load != "" {
		if rec, err = loadRecommender(ctx, *load); err != nil {
			return err
		}
		out.Model = rec.Model().Name()
	} else {
		b := newBar(stderr, *quiet, "reading orders")
		orders, err := readOrders(ctx, st, until, b)
		b.Finish()
		if err != nil {
			return err
		}
		var events []behavior.Event
		if *withBehavior {
			stats, err := st.Stats(ctx)
			if err != nil {
				return err
			}
			b := newBar(stderr, *quiet, "reading events")
			events, err = collectWithProgress(st.Events(ctx, store.EventFilter{
				Until: until,
				// Purchases come from the orders, so purchase events are left out.
				Kinds: []behavior.Kind{behavior.KindView, behavior.KindAddToCart, behavior.KindWishlist, behavior.KindReview},
			}), b, int(stats.Events))
			b.Finish()
			if err != nil {
				return err
			}
		}
		in, err := recommend.FromBehavior(events, orders, &recommend.OrderOptions{Products: products})
		if err != nil {
			return err
		}
		t0 := time.Now()
		tb := newBar(stderr, *quiet, "training "+*model)
		m, err := train(ctx, in, tb)
		tb.Finish()
		if err != nil {
			return fmt.Errorf("train %s: %w", *model, err)
		}
		out.Trained = time.Since(t0).Round(time.Millisecond).String()
		fbt, err := recommend.TrainFBT(ctx, recommend.Baskets(orders), nil)
		if err != nil && !errors.Is(err, recommend.ErrEmpty) {
			return err
		}
		rec, err = recommend.NewRecommender(ctx, m, &recommend.RecommenderOptions{
			Products: catalogue, Names: names, FBT: fbt, Diversity: *diversity,
		})
		if err != nil {
			return err
		}
		if *save != "" {
			if err := saveRecommender(rec, *save); err != nil {
				return err
			}
		}
	}
	data := rec.Model().Data()
	out.Users, out.Catalogue = data.NumUsers(), data.NumItems()

	var filters []recommend.Filter
	filters = append(filters, recommend.ExcludeInactive())
	if !*includeSeen && *item == "" {
		filters = append(filters, recommend.ExcludeSeen())
	}
	if *category != "" {
		filters = append(filters, recommend.OnlyCategories(*category))
	}
	var recs []recommend.Recommendation
	if *item != "" {
		recs, err = rec.Similar(*item, *n, filters...)
	} else {
		recs, err = rec.Recommend(out.CustomerID, *n, filters...)
	}
	if err != nil {
		return err
	}
	for i, r := range recs {
		p := byID[r.Item]
		out.Recommendations = append(out.Recommendations, recommendItem{Recommendation: r, Rank: i + 1, Name: p.Name, Category: p.Category})
	}
	if *asJSON {
		return encodeJSON(stdout, out)
	}
	printRecommendations(stdout, out)
	return st.Close()
}

// recommendTrainers trains each -model on the interactions, reporting
// progress on b.
func recommendTrainers(seed uint64) map[string]func(ctx context.Context, in *recommend.Interactions, b *bar) (recommend.Model, error) {
	return map[string]func(ctx context.Context, in *recommend.Interactions, b *bar) (recommend.Model, error){
		"ease": func(ctx context.Context, in *recommend.Interactions, b *bar) (recommend.Model, error) {
			return trainStep(b, func() (recommend.Model, error) { return recommend.TrainEASE(ctx, in, nil) })
		},
		"als": func(ctx context.Context, in *recommend.Interactions, b *bar) (recommend.Model, error) {
			const sweeps = 15
			opts := &recommend.ALSOptions{Iterations: sweeps, Seed: seed}
			if b != nil {
				opts.Progress = func(it int) { b.Update(it, sweeps) }
			}
			b.Update(0, sweeps)
			return recommend.TrainALS(ctx, in, opts)
		},
		"itemknn": func(ctx context.Context, in *recommend.Interactions, b *bar) (recommend.Model, error) {
			return trainStep(b, func() (recommend.Model, error) { return recommend.TrainItemKNN(ctx, in, nil) })
		},
		"rp3": func(ctx context.Context, in *recommend.Interactions, b *bar) (recommend.Model, error) {
			return trainStep(b, func() (recommend.Model, error) { return recommend.TrainRP3beta(ctx, in, nil) })
		},
		"pop": func(ctx context.Context, in *recommend.Interactions, b *bar) (recommend.Model, error) {
			return trainStep(b, func() (recommend.Model, error) { return recommend.TrainMostPop(ctx, in, nil) })
		},
	}
}

// trainStep runs a training that reports no progress of its own as one step.
func trainStep(b *bar, train func() (recommend.Model, error)) (recommend.Model, error) {
	b.Update(0, 1)
	m, err := train()
	if err == nil {
		b.Update(1, 1)
	}
	return m, err
}

// saveRecommender writes rec to path through a temporary file, so a failed
// save leaves any earlier file whole.
func saveRecommender(rec *recommend.Recommender, path string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	err = rec.Save(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("save the recommender to %s: %w", path, err)
	}
	return nil
}

func printRecommendations(w io.Writer, out recommendOutput) {
	target := "customer " + out.Customer + " (" + out.CustomerID + ")"
	if out.Item != "" {
		target = "beside product " + out.Item
	}
	fmt.Fprintf(w, "%s recommendations for %s; model on %d users × %d items", out.Model, target, out.Users, out.Catalogue)
	if out.Trained != "" {
		fmt.Fprintf(w, ", trained in %s", out.Trained)
	}
	fmt.Fprintln(w)
	tw := newTable(w)
	fmt.Fprintln(tw, "RANK\tPRODUCT\tNAME\tCATEGORY\tSCORE\tWHY")
	for _, r := range out.Recommendations {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%.4g\t%s\n", r.Rank, r.Item, dash(r.Name), dash(r.Category), r.Score, r.Reason.Text)
	}
	tw.Flush()
}
