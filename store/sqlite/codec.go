package sqlite

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Money is stored as text that keeps the decimal's coefficient and exponent
// exactly: "12.50" stays 12.50 (exponent -2), not 12.5, so a value read back
// is identical to the one written, not merely equal.

// moneyText encodes d: fixed-point when the exponent is negative, the
// coefficient alone when it is zero, scientific ("5e2") when positive.
func moneyText(d decimal.Decimal) string {
	switch exp := d.Exponent(); {
	case exp < 0:
		return d.StringFixed(-exp)
	case exp == 0:
		return d.Coefficient().String()
	default:
		return d.Coefficient().String() + "e" + strconv.Itoa(int(exp))
	}
}

// parseMoney decodes moneyText. "0" is the zero Decimal value, which is what
// a money field left unset holds.
func parseMoney(s string) (decimal.Decimal, error) {
	if s == "0" {
		return decimal.Decimal{}, nil
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("stored money %q: %w", s, err)
	}
	return d, nil
}

// micros encodes a time; the zero time is NULL.
func micros(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMicro(), Valid: true}
}

// fromMicros decodes micros.
func fromMicros(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.UnixMicro(n.Int64).UTC()
}

// IDs are stored as their 16 bytes (BLOB): half the size of the text form
// in every index that holds them, and memcmp order on BLOBs is the byte
// order the contract sorts by.

// idArg encodes a UUID.
func idArg(id uuid.UUID) []byte { return id[:] }

// optionalID encodes an optional UUID: uuid.Nil is NULL.
func optionalID(id uuid.UUID) any {
	if id == uuid.Nil {
		return nil
	}
	return idArg(id)
}

// optionalText encodes an optional key: "" is NULL, so unique indexes and
// lookups ignore it.
func optionalText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// parseID decodes a stored UUID; NULL is uuid.Nil.
func parseID(b []byte) (uuid.UUID, error) {
	if b == nil {
		return uuid.Nil, nil
	}
	id, err := uuid.FromBytes(b)
	if err != nil {
		return uuid.Nil, fmt.Errorf("stored id %x: %w", b, err)
	}
	return id, nil
}

// jsonText encodes a nested value. Nil and empty slices and maps encode
// differently ("null", "[]"), so both read back as they were written.
func jsonText(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// fromJSON decodes jsonText into dst.
func fromJSON(s string, dst any) error {
	if err := json.Unmarshal([]byte(s), dst); err != nil {
		return fmt.Errorf("stored JSON %.40q: %w", s, err)
	}
	return nil
}
