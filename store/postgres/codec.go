package postgres

import (
	"encoding/json"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/shopspring/decimal"
)

// Conversions between Go values and what the columns hold. Money goes in as
// pgtype.Numeric built from the decimal's coefficient and exponent and comes
// back as text, so it is exact and keeps its scale (12.50 stays 12.50); optional times and IDs are
// NULL when zero; nil slices and maps are NULL, so that nil and empty both
// survive the round trip.

// num encodes a decimal exactly.
func num(d decimal.Decimal) pgtype.Numeric {
	return pgtype.Numeric{Int: d.Coefficient(), Exp: d.Exponent(), Valid: true}
}

// money decodes a NUMERIC read as text (the text form carries the scale,
// which pgx's binary decoding drops for zeros). "0" — how an unset amount
// is written — comes back as the zero decimal.Decimal, as it went in.
func money(s string) (decimal.Decimal, error) {
	if s == "0" {
		return decimal.Decimal{}, nil
	}
	return decimal.NewFromString(s)
}

// optMoney decodes a nullable NUMERIC read as text; NULL is zero.
func optMoney(t pgtype.Text) (decimal.Decimal, error) {
	if !t.Valid {
		return decimal.Decimal{}, nil
	}
	return money(t.String)
}

// decText formats a decimal keeping its scale, for money inside JSONB.
func decText(d decimal.Decimal) string {
	if d.Exponent() < 0 {
		return d.StringFixed(-d.Exponent())
	}
	return d.String()
}

// optTime is NULL for the zero time.
func optTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// idArg passes an ID as pgx's own UUID type, encoded in binary; a
// uuid.UUID would go through its driver.Valuer and the text form.
func idArg(id uuid.UUID) pgtype.UUID { return pgtype.UUID{Bytes: id, Valid: true} }

// optUUID is NULL for the nil UUID.
func optUUID(id uuid.UUID) pgtype.UUID { return pgtype.UUID{Bytes: id, Valid: id != uuid.Nil} }

// idDest scans a uuid column straight into a uuid.UUID (NULL gives uuid.Nil).
type idDest struct{ p *uuid.UUID }

// ScanUUID implements pgtype.UUIDScanner.
func (d idDest) ScanUUID(v pgtype.UUID) error {
	if !v.Valid {
		*d.p = uuid.Nil
		return nil
	}
	*d.p = v.Bytes
	return nil
}

// optText is NULL for "".
func optText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// utc gives a scanned timestamptz back in UTC (pgx returns local time).
func utc(t pgtype.Timestamptz) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

// jsonb encodes v as JSON text, or NULL when v is nil (a nil slice or map).
func jsonb[T any](v T, isNil bool) (any, error) {
	if isNil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// unjson decodes JSON text into v; NULL leaves v at its zero value.
func unjson(b []byte, v any) error {
	if b == nil {
		return nil
	}
	return json.Unmarshal(b, v)
}

// textArray is NULL for a nil slice and an array otherwise.
func textArray(s []string) any {
	if s == nil {
		return nil
	}
	return s
}
