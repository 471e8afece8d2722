package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// readBody reads the request body within the size limit. Errors are
// problems: 413 over the limit, 415 for a declared media type that is not
// JSON, 400 for a body that cannot be read.
func (h *Handler) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return nil, problem(http.StatusUnsupportedMediaType, ProblemMediaType, fmt.Sprintf("the body must be application/json, not %q", ct))
		}
	}
	if r.ContentLength > h.opts.MaxBodyBytes {
		return nil, tooLarge(h.opts.MaxBodyBytes)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.opts.MaxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, tooLarge(h.opts.MaxBodyBytes)
		}
		return nil, badRequest("", "", "the request body could not be read")
	}
	return body, nil
}

func tooLarge(limit int64) *Problem {
	return problem(http.StatusRequestEntityTooLarge, ProblemTooLarge, fmt.Sprintf("the request body is larger than %d bytes", limit))
}

// decodeJSON decodes body into v: exactly one JSON value, no field that v
// does not define. Errors are 400 problems naming the field at fault where
// the decoder can tell.
func decodeJSON(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return badRequest("", "", "the request needs a JSON body")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeProblem(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return badRequest("", "", "the body must hold one JSON value and nothing after it")
	}
	return nil
}

func decodeProblem(err error) *Problem {
	var (
		se *json.SyntaxError
		te *json.UnmarshalTypeError
		pe *time.ParseError
	)
	switch {
	case errors.As(err, &se):
		return badRequest("", "", fmt.Sprintf("malformed JSON at byte %d: %v", se.Offset, se))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return badRequest("", "", "malformed JSON: the body ends too early")
	case errors.As(err, &te):
		// te.Value names the JSON type sent (e.g. "string"), not the value.
		return badRequest(te.Field, "", fmt.Sprintf("%s must be %s, not %s", nameOr(te.Field, "the body"), jsonKind(te.Type), te.Value))
	case errors.As(err, &pe):
		return badRequest("", clip(pe.Value), "times must be RFC 3339, e.g. 2026-01-02T15:04:05Z")
	}
	msg := err.Error()
	if f, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		f = strings.Trim(f, `"`)
		return badRequest(f, "", fmt.Sprintf("unknown field %q", f))
	}
	// uuid, decimal and other text values report their own parse errors.
	return badRequest("", "", "a value in the body has the wrong form: "+clip(msg))
}

// jsonKind names the JSON value a Go type is decoded from.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "another JSON value"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "a string"
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 && t.Kind() == reflect.Array {
			return "a string" // UUIDs
		}
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return "another JSON value"
}

func nameOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func clip(s string) string {
	if len(s) > maxValueLen {
		return s[:maxValueLen] + "…"
	}
	return s
}

// pathID parses the {name} path value as a UUID.
func pathID(r *http.Request, name string) (uuid.UUID, error) {
	raw := r.PathValue(name)
	id, err := uuid.Parse(raw)
	if err != nil || id == uuid.Nil {
		return uuid.Nil, badRequest(name, clip(raw), name+" must be a non-nil UUID")
	}
	return id, nil
}

// queryInt reads an integer query parameter within [lo, hi], def when absent.
func queryInt(r *http.Request, name string, def, lo, hi int) (int, error) {
	raw := r.URL.Query().Get(name)
	if raw == "" {
		return def, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < lo || n > hi {
		return 0, badRequest(name, clip(raw), fmt.Sprintf("%s must be an integer from %d to %d", name, lo, hi))
	}
	return n, nil
}

// queryBool reads a boolean query parameter, def when absent.
func queryBool(r *http.Request, name string, def bool) (bool, error) {
	raw := r.URL.Query().Get(name)
	if raw == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(raw)
	if err != nil {
		return false, badRequest(name, clip(raw), name+" must be true or false")
	}
	return b, nil
}

// queryDate reads a YYYY-MM-DD query parameter as midnight UTC; zero when absent.
func queryDate(r *http.Request, name string) (time.Time, error) {
	raw := r.URL.Query().Get(name)
	if raw == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, raw)
	if err != nil {
		return time.Time{}, badRequest(name, clip(raw), name+" must be a date, YYYY-MM-DD")
	}
	return t, nil
}
