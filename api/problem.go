package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/crmkit/crmkit/access"
	"github.com/crmkit/crmkit/behavior"
	"github.com/crmkit/crmkit/clv"
	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/insight"
	"github.com/crmkit/crmkit/order"
	"github.com/crmkit/crmkit/privacy"
	"github.com/crmkit/crmkit/segment"
	"github.com/crmkit/crmkit/store"
)

// ProblemType values name the kinds of problem the API reports, as the
// "type" member of a Problem. They are URNs: stable identifiers that need no
// web page behind them.
const (
	ProblemMalformed       = "urn:crmkit:problem:malformed-request" // 400: not JSON, wrong JSON types, unknown fields, bad query or path values
	ProblemUnauthenticated = "urn:crmkit:problem:unauthenticated"   // 401: no or unknown credentials
	ProblemForbidden       = "urn:crmkit:problem:forbidden"         // 403: the principal's roles do not allow it
	ProblemNotFound        = "urn:crmkit:problem:not-found"         // 404: no such record
	ProblemConflict        = "urn:crmkit:problem:conflict"          // 409: stale version, taken key, forbidden status change, request in flight
	ProblemTooLarge        = "urn:crmkit:problem:too-large"         // 413: body over the limit
	ProblemMediaType       = "urn:crmkit:problem:unsupported-media" // 415: a body that is not JSON
	ProblemValidation      = "urn:crmkit:problem:validation"        // 422: a field breaks a domain rule
	ProblemIdempotency     = "urn:crmkit:problem:idempotency-key"   // 422: an Idempotency-Key reused with another request
	ProblemUnavailable     = "urn:crmkit:problem:unavailable"       // 503: a capability the host did not configure, or not enough data
	ProblemInternal        = "urn:crmkit:problem:internal"          // 500: a failure of the server, details logged only
)

// Problem is an RFC 9457 problem details document, served as
// application/problem+json for every error. Field and Value extend it for
// validation and malformed-request problems: the JSON path of the field at
// fault and the value given (masked when the caller may not see personal
// data).
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
	Field  string `json:"field,omitempty"`
	Value  string `json:"value,omitempty"`
}

// Error makes a Problem usable as an error inside the package.
func (p *Problem) Error() string { return fmt.Sprintf("%d %s: %s", p.Status, p.Title, p.Detail) }

func problem(status int, typ, detail string) *Problem {
	return &Problem{Type: typ, Title: http.StatusText(status), Status: status, Detail: detail}
}

func badRequest(field, value, detail string) *Problem {
	p := problem(http.StatusBadRequest, ProblemMalformed, detail)
	p.Field, p.Value = field, value
	return p
}

// maxValueLen bounds the echoed value in a problem, so a huge bad field is
// not sent back whole.
const maxValueLen = 200

// problemFor maps an error from the store, the engines or the request
// decoding to the problem served for it.
func problemFor(err error) *Problem {
	var p *Problem
	if errors.As(err, &p) {
		return p
	}
	validation := func(field, value, reason string) *Problem {
		if len(value) > maxValueLen {
			value = value[:maxValueLen] + "…"
		}
		q := problem(http.StatusUnprocessableEntity, ProblemValidation, reason)
		q.Field, q.Value = field, value
		return q
	}
	var (
		ce *customer.ValidationError
		oe *order.ValidationError
		be *behavior.ValidationError
		pe *privacy.ValidationError
		ie *insight.OptionsError
		te *order.TransitionError
		fe *access.ForbiddenError
		ve *clv.InputError
		se *segment.InputError
	)
	switch {
	case errors.As(err, &ce):
		return validation(ce.Field, ce.Value, ce.Reason)
	case errors.As(err, &oe):
		return validation(oe.Field, oe.Value, oe.Reason)
	case errors.As(err, &be):
		return validation(be.Field, be.Value, be.Reason)
	case errors.As(err, &pe):
		return validation(pe.Field, pe.Value, pe.Reason)
	case errors.As(err, &ie):
		return validation(ie.Field, ie.Value, ie.Reason)
	case errors.As(err, &te):
		q := problem(http.StatusConflict, ProblemConflict, te.Error())
		q.Field, q.Value = "status", string(te.To)
		return q
	case errors.As(err, &fe):
		return problem(http.StatusForbidden, ProblemForbidden, fe.Error())
	case errors.Is(err, access.ErrForbidden):
		return problem(http.StatusForbidden, ProblemForbidden, err.Error())
	case errors.Is(err, store.ErrNotFound):
		return problem(http.StatusNotFound, ProblemNotFound, err.Error())
	case errors.Is(err, store.ErrConflict):
		return problem(http.StatusConflict, ProblemConflict, err.Error())
	case errors.Is(err, store.ErrBadCursor):
		return badRequest("cursor", "", "the cursor is not one this API handed out")
	case errors.Is(err, insight.ErrNoOrders):
		return problem(http.StatusUnprocessableEntity, ProblemValidation, "no orders that count as sales before the end of the period")
	case errors.Is(err, clv.ErrNoData), errors.As(err, &ve):
		return problem(http.StatusServiceUnavailable, ProblemUnavailable, "the lifetime-value model cannot be fitted on the store's orders: "+err.Error())
	case errors.As(err, &se):
		return problem(http.StatusServiceUnavailable, ProblemUnavailable, "the RFM segmentation cannot be computed with the configured options: "+se.Error())
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return problem(http.StatusServiceUnavailable, ProblemUnavailable, "the request was cancelled or timed out")
	}
	return problem(http.StatusInternalServerError, ProblemInternal, "the server failed to complete the request")
}

// writeProblem serves p as application/problem+json.
func writeProblem(w http.ResponseWriter, p *Problem) {
	if p.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="crmkit"`)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}
