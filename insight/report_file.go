package insight

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/crmkit/crmkit/store"
)

// Format is a rendering of the report.
type Format string

// The formats a report renders to.
const (
	HTML     Format = "html"
	JSON     Format = "json"
	Markdown Format = "md"
)

// ErrUnknownFormat is returned for a format other than html, json and md.
var ErrUnknownFormat = fmt.Errorf("insight: unknown report format (want html, json or md)")

// FormatOf returns the format a file name's extension names: .html/.htm,
// .json, .md/.markdown; anything else is HTML.
func FormatOf(path string) Format {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
		return JSON
	case ".md", ".markdown":
		return Markdown
	}
	return HTML
}

// Write renders the report in the format f.
func (r *Report) Write(w io.Writer, f Format) error {
	switch f {
	case HTML, "":
		return r.WriteHTML(w)
	case JSON:
		return r.WriteJSON(w)
	case Markdown:
		return r.WriteMarkdown(w)
	}
	return fmt.Errorf("%w: %q", ErrUnknownFormat, f)
}

// WriteFile builds the report of st and writes it to path in the format
// its extension names (see FormatOf). It is the one call a program needs to
// leave a report behind, e.g. the demo shop's report.html.
func WriteFile(ctx context.Context, st store.Store, path string, opts Options) (*Report, error) {
	r, err := Build(ctx, st, opts)
	if err != nil {
		return nil, err
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("insight: %w", err)
	}
	if err := r.Write(f, FormatOf(path)); err != nil {
		f.Close()
		return nil, fmt.Errorf("insight: writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("insight: writing %s: %w", path, err)
	}
	return r, nil
}
