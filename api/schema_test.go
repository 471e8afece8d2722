package api_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
)

// schemaValidator checks JSON values against the subset of JSON Schema
// (OpenAPI 3.0 flavour) the API's document uses: $ref to
// #/components/schemas, type, nullable, properties, required,
// additionalProperties (false or a schema), items, enum, allOf, oneOf,
// pattern, minimum, maximum, maxLength, and the formats uuid, date-time and
// date. Anything else in a schema is an error, so the document cannot use
// a keyword the check would silently ignore.
type schemaValidator struct {
	schemas map[string]any
}

var knownKeywords = map[string]bool{
	"$ref": true, "type": true, "nullable": true, "properties": true, "required": true,
	"additionalProperties": true, "items": true, "enum": true, "allOf": true, "oneOf": true,
	"pattern": true, "minimum": true, "maximum": true, "maxLength": true, "format": true, "description": true,
}

// validate returns the faults of v against schema, each naming its path.
func (sv *schemaValidator) validate(v any, schema map[string]any, path string) []string {
	for k := range schema {
		if !knownKeywords[k] {
			return []string{fmt.Sprintf("%s: schema keyword %q not supported by the validator", path, k)}
		}
	}
	if ref, ok := schema["$ref"].(string); ok {
		name, found := strings.CutPrefix(ref, "#/components/schemas/")
		target, ok := sv.schemas[name].(map[string]any)
		if !found || !ok {
			return []string{fmt.Sprintf("%s: unresolved $ref %q", path, ref)}
		}
		return sv.validate(v, target, path)
	}
	if v == nil {
		if schema["nullable"] == true {
			return nil
		}
		if _, typed := schema["type"]; typed || schema["allOf"] != nil || schema["oneOf"] != nil {
			return []string{path + ": null where the schema allows none"}
		}
		return nil
	}
	var errs []string
	for _, sub := range list(schema["allOf"]) {
		errs = append(errs, sv.validate(v, sub.(map[string]any), path)...)
	}
	if alts := list(schema["oneOf"]); len(alts) > 0 {
		matched := 0
		for _, sub := range alts {
			if len(sv.validate(v, sub.(map[string]any), path)) == 0 {
				matched++
			}
		}
		if matched != 1 {
			errs = append(errs, fmt.Sprintf("%s: matches %d of the oneOf alternatives, want 1", path, matched))
		}
	}
	if enum := list(schema["enum"]); len(enum) > 0 && !slices.Contains(enum, v) {
		errs = append(errs, fmt.Sprintf("%s: %v is not one of %v", path, v, enum))
	}
	typ, _ := schema["type"].(string)
	switch typ {
	case "":
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			return append(errs, fmt.Sprintf("%s: %T, want an object", path, v))
		}
		props, _ := schema["properties"].(map[string]any)
		for _, r := range list(schema["required"]) {
			if _, ok := obj[r.(string)]; !ok {
				errs = append(errs, fmt.Sprintf("%s: required member %q missing", path, r))
			}
		}
		for k, val := range obj {
			if p, ok := props[k].(map[string]any); ok {
				errs = append(errs, sv.validate(val, p, path+"."+k)...)
				continue
			}
			switch ap := schema["additionalProperties"].(type) {
			case bool:
				if !ap {
					errs = append(errs, fmt.Sprintf("%s: member %q not in the schema", path, k))
				}
			case map[string]any:
				errs = append(errs, sv.validate(val, ap, path+"."+k)...)
			}
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			return append(errs, fmt.Sprintf("%s: %T, want an array", path, v))
		}
		if items, ok := schema["items"].(map[string]any); ok {
			for i, el := range arr {
				errs = append(errs, sv.validate(el, items, fmt.Sprintf("%s[%d]", path, i))...)
			}
		}
	case "string":
		s, ok := v.(string)
		if !ok {
			return append(errs, fmt.Sprintf("%s: %T, want a string", path, v))
		}
		errs = append(errs, checkFormat(s, schema, path)...)
	case "integer", "number":
		n, ok := v.(float64)
		if !ok {
			return append(errs, fmt.Sprintf("%s: %T, want a %s", path, v, typ))
		}
		if typ == "integer" && n != float64(int64(n)) {
			errs = append(errs, fmt.Sprintf("%s: %v is not an integer", path, n))
		}
		if lo, ok := schema["minimum"].(float64); ok && n < lo {
			errs = append(errs, fmt.Sprintf("%s: %v below the minimum %v", path, n, lo))
		}
		if hi, ok := schema["maximum"].(float64); ok && n > hi {
			errs = append(errs, fmt.Sprintf("%s: %v above the maximum %v", path, n, hi))
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			errs = append(errs, fmt.Sprintf("%s: %T, want a boolean", path, v))
		}
	default:
		errs = append(errs, fmt.Sprintf("%s: unknown type %q in the schema", path, typ))
	}
	return errs
}

func checkFormat(s string, schema map[string]any, path string) []string {
	var errs []string
	switch schema["format"] {
	case nil:
	case "uuid":
		if _, err := uuid.Parse(s); err != nil || len(s) != 36 {
			errs = append(errs, fmt.Sprintf("%s: %q is not a UUID", path, s))
		}
	case "date-time":
		if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
			errs = append(errs, fmt.Sprintf("%s: %q is not an RFC 3339 time", path, s))
		}
	case "date":
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			errs = append(errs, fmt.Sprintf("%s: %q is not a date", path, s))
		}
	default:
		errs = append(errs, fmt.Sprintf("%s: unknown format %v", path, schema["format"]))
	}
	if p, ok := schema["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(s) {
		errs = append(errs, fmt.Sprintf("%s: %q does not match %s", path, s, p))
	}
	if n, ok := schema["maxLength"].(float64); ok && float64(len([]rune(s))) > n {
		errs = append(errs, fmt.Sprintf("%s: longer than %v", path, n))
	}
	return errs
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

// decodeAny decodes JSON into plain values.
func decodeAny(b []byte) (any, error) {
	var v any
	err := json.Unmarshal(b, &v)
	return v, err
}
