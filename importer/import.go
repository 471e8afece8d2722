package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/crmkit/crmkit/store"
	"github.com/google/uuid"
)

// ImportFile imports the order log at path (plain or gzip-compressed CSV)
// into st. See Import.
func ImportFile(ctx context.Context, st store.Store, path string, opts *Options) (*Report, error) {
	return Import(ctx, st, func() (io.ReadCloser, error) { return os.Open(path) }, opts)
}

// Import reads an order log through open (called twice: the file is
// scanned, then written) and writes its customers, orders, returns and
// products into st in batches through store.Load with store.ConflictSkip,
// so importing the same file again adds nothing. Bad lines are reported
// and skipped; the rest is kept. The report accounts for every line.
//
// Errors: ErrMapping, ErrFormat, the store's errors, ctx's error. A failure
// while writing leaves the batches written before it in the store; the
// report says how far it got, and re-running the import completes it.
func Import(ctx context.Context, st store.Store, open Opener, opts *Options) (*Report, error) {
	o := opts.withDefaults()
	if err := o.Mapping.validate(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	p, err := scan(ctx, open, &o)
	if err != nil {
		return nil, err
	}
	rep := newReport()
	rep.Invoices = len(p.invoices)
	rep.CustomerIDs = len(p.customers)
	cl := newClassifier(o.Mapping)
	for n := range p.invoices {
		if cl.isCancel(n) {
			rep.CancellationInvoices++
		}
	}

	w := startWriter(ctx, cancel, st)
	b := &builder{
		ctx: ctx, st: st, o: &o, cl: cl, p: p, rep: rep, names: interner{}, emit: w.send,
		open: map[string]*openInvoice{}, customers: map[string]uuid.UUID{},
		products: map[string]*productState{},
	}
	err = write(ctx, open, &o, b, w)
	if werr := w.wait(); werr != nil {
		err = werr // the writer's failure is the cause of any cancellation seen while reading
	}
	rep.Stored = w.result
	rep.Built.Products = len(b.products)
	if err != nil {
		return rep, err
	}
	if !rep.Accounted() {
		return rep, fmt.Errorf("importer: internal error: %d lines read but %v accounted", rep.Lines, rep.Kinds)
	}
	return rep, nil
}

// write is the second pass over the file.
func write(ctx context.Context, open Opener, o *Options, b *builder, w *writer) error {
	src, err := openCSV(open, o.Mapping)
	if err != nil {
		return err
	}
	defer src.Close()
	ps := &parser{m: o.Mapping, cols: src.cols}
	rep := b.rep
	progress := func(done bool) {
		if o.Progress != nil {
			o.Progress(Progress{Phase: PhaseWrite, Lines: rep.Lines, Orders: rep.Built.Orders, Written: int(w.written.Load()), Done: done})
		}
	}
	var (
		r    row
		sums = map[LineKind]*money{}
	)
	for _, k := range LineKinds {
		sums[k] = &money{}
	}
	defer func() {
		for k, m := range sums {
			if t := m.total(); !t.IsZero() || rep.Kinds[k] > 0 {
				rep.Amounts[k] = t
			}
		}
	}()
	for {
		rec, line, bad, err := src.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		rep.Lines++
		if rep.Lines%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return context.Cause(ctx)
			}
		}
		if rep.Lines%o.ProgressEvery == 0 {
			progress(false)
		}
		if bad != "" {
			rep.Kinds[LineBad]++
			b.bad(line, "CSV: "+bad)
			continue
		}
		countRaw(rep, rec, &ps.cols, b.cl)
		if reason := ps.parse(rec, line, &r); reason != "" {
			rep.Kinds[LineBad]++
			b.bad(line, reason)
			continue
		}
		kind := LineDuplicate
		if _, dup := b.p.dups[line]; !dup {
			if kind, err = b.line(&r); err != nil {
				return err
			}
		}
		rep.Kinds[kind]++
		sums[kind].add(r.price, r.qty)
	}
	if len(b.open) > 0 {
		return fmt.Errorf("%w: %d invoices end before the lines the first pass read: the file changed during the import", ErrFormat, len(b.open))
	}
	if err := b.flush(); err != nil {
		return err
	}
	w.close()
	progress(true)
	return nil
}

// countRaw counts what the report says about lines as written in the file,
// whether they are usable or not.
func countRaw(rep *Report, rec []string, c *columns, cl *classifier) {
	if c.order < len(rec) && cl.isCancel(strings.TrimSpace(rec[c.order])) {
		rep.CancellationLines++
	}
	if c.customer >= 0 && c.customer < len(rec) && strings.TrimSpace(rec[c.customer]) == "" {
		rep.NoCustomerLines++
	}
}
