package api

import (
	"net/http"

	"github.com/crmkit/crmkit/access"
	"github.com/crmkit/crmkit/privacy"
)

// exportCustomer answers a data-subject access request with everything
// held about the customer (privacy.Export). It needs customers export.
func (h *Handler) exportCustomer(r *http.Request, _ []byte) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	if err := h.policy.Authorize(r.Context(), access.ResourceCustomers, access.ActionExport); err != nil {
		return 0, nil, err
	}
	doc, err := privacy.Export(r.Context(), h.guarded, id)
	if err != nil {
		return 0, nil, err
	}
	if doc.Empty() {
		return 0, nil, problem(http.StatusNotFound, ProblemNotFound, "the store holds nothing about this customer")
	}
	return http.StatusOK, doc, nil
}

// eraseCustomer erases the customer's personal data (privacy.Erase): from
// the store, from the recommender when it can forget, and, unless
// Options.SkipCompact, from the database file by compacting the store. It
// needs customers erase; erasing an unknown or erased customer succeeds
// with a receipt that removed nothing.
func (h *Handler) eraseCustomer(r *http.Request, body []byte) (int, any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	if len(body) > 0 {
		var none struct{}
		if err := decodeJSON(body, &none); err != nil {
			return 0, nil, err
		}
	}
	ctx := r.Context()
	if err := h.policy.Authorize(ctx, access.ResourceCustomers, access.ActionErase); err != nil {
		return 0, nil, err
	}
	// Compaction is part of erasure (no copy of the data may stay in the
	// database file). When the access wrapper forwards the store's
	// Compacter, Erase compacts through it; otherwise the caller, just
	// authorised to erase, has the host's store compacted directly.
	_, guardedCompacts := h.guarded.(privacy.Compacter)
	opts := &privacy.EraseOptions{SkipCompact: h.opts.SkipCompact || !guardedCompacts, Now: h.opts.Now}
	if f, ok := h.opts.Recommender.(privacy.Forgetter); ok {
		opts.Forgetters = []privacy.Forgetter{f}
	}
	rc, err := privacy.Erase(ctx, h.guarded, id, opts)
	if err != nil {
		return 0, nil, err
	}
	if c, ok := h.st.(privacy.Compacter); ok && !guardedCompacts && !h.opts.SkipCompact {
		if err := c.Compact(ctx); err != nil {
			return 0, nil, err
		}
		rc.Compacted = true
	}
	return http.StatusOK, rc, nil
}
