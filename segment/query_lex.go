package segment

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

type tokKind int

const (
	tokEOF tokKind = iota
	tokIdent
	tokNumber
	tokString
	tokDuration // a relative date such as -90d
	tokDate     // an absolute date such as 2024-01-31
	tokOp       // = != < <= > >=
	tokLParen
	tokRParen
	tokComma
)

type token struct {
	kind tokKind
	text string // identifiers as written, strings unquoted
	pos  int    // byte offset in the query, 0-based
}

func (t token) describe() string {
	switch t.kind {
	case tokEOF:
		return "end of query"
	case tokString:
		return fmt.Sprintf("string %q", t.text)
	}
	return fmt.Sprintf("%q", t.text)
}

// QueryError reports where a query is wrong and what was expected there.
// Pos is the byte offset (0-based) of the offending token; Column is Pos+1.
type QueryError struct {
	Query    string
	Pos      int
	Expected string
	Found    string
}

// Error formats the position, what was expected and what was found.
func (e *QueryError) Error() string {
	return fmt.Sprintf("segment: query: at column %d: expected %s, found %s", e.Pos+1, e.Expected, e.Found)
}

// Column returns the 1-based column of the error.
func (e *QueryError) Column() int { return e.Pos + 1 }

func lex(q string) ([]token, error) {
	var toks []token
	i := 0
	for i < len(q) {
		c := q[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(':
			toks = append(toks, token{tokLParen, "(", i})
			i++
		case c == ')':
			toks = append(toks, token{tokRParen, ")", i})
			i++
		case c == ',':
			toks = append(toks, token{tokComma, ",", i})
			i++
		case c == '=':
			toks = append(toks, token{tokOp, "=", i})
			i++
		case c == '!' || c == '<' || c == '>':
			if i+1 < len(q) && q[i+1] == '=' {
				toks = append(toks, token{tokOp, q[i : i+2], i})
				i += 2
			} else if c == '!' {
				return nil, &QueryError{Query: q, Pos: i, Expected: `"!="`, Found: `"!"`}
			} else if c == '<' && i+1 < len(q) && q[i+1] == '>' {
				toks = append(toks, token{tokOp, "!=", i})
				i += 2
			} else {
				toks = append(toks, token{tokOp, q[i : i+1], i})
				i++
			}
		case c == '\'' || c == '"':
			s, end, ok := lexString(q, i)
			if !ok {
				return nil, &QueryError{Query: q, Pos: i, Expected: "a closing " + string(c), Found: "end of query"}
			}
			toks = append(toks, token{tokString, s, i})
			i = end
		case c == '-' || c == '+' || isDigit(c) || c == '.':
			t, end, err := lexNumberish(q, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, t)
			i = end
		case isIdentStart(c):
			j := i
			for j < len(q) && isIdentPart(q[j]) {
				j++
			}
			toks = append(toks, token{tokIdent, q[i:j], i})
			i = j
		default:
			r, _ := utf8.DecodeRuneInString(q[i:])
			return nil, &QueryError{Query: q, Pos: i, Expected: "a field, value, operator or parenthesis", Found: fmt.Sprintf("%q", r)}
		}
	}
	toks = append(toks, token{tokEOF, "", len(q)})
	return toks, nil
}

// lexString reads a quoted string at q[i]; a doubled quote or a backslash
// escapes the quote character.
func lexString(q string, i int) (string, int, bool) {
	quote := q[i]
	var b strings.Builder
	for j := i + 1; j < len(q); j++ {
		switch {
		case q[j] == '\\' && j+1 < len(q):
			j++
			b.WriteByte(q[j])
		case q[j] == quote && j+1 < len(q) && q[j+1] == quote:
			b.WriteByte(quote)
			j++
		case q[j] == quote:
			return b.String(), j + 1, true
		default:
			b.WriteByte(q[j])
		}
	}
	return "", len(q), false
}

// lexNumberish reads a number (-12.5), a relative date (-90d, +2w) or an
// absolute date (2024-01-31).
func lexNumberish(q string, i int) (token, int, error) {
	j := i
	if q[j] == '-' || q[j] == '+' {
		j++
	}
	start := j
	for j < len(q) && isDigit(q[j]) {
		j++
	}
	digits := j - start
	// An absolute date: exactly YYYY-MM-DD.
	if i == start && digits == 4 && j+6 <= len(q) && q[j] == '-' && isDigit(q[j+1]) && isDigit(q[j+2]) &&
		q[j+3] == '-' && isDigit(q[j+4]) && isDigit(q[j+5]) && (j+6 == len(q) || !isIdentPart(q[j+6])) {
		return token{tokDate, q[i : j+6], i}, j + 6, nil
	}
	if j < len(q) && q[j] == '.' {
		j++
		for j < len(q) && isDigit(q[j]) {
			j++
		}
		digits += j - start - digits - 1
	}
	if digits == 0 {
		return token{}, 0, &QueryError{Query: q, Pos: i, Expected: "a number or relative date", Found: fmt.Sprintf("%q", q[i:min(len(q), i+1)])}
	}
	if j < len(q) && strings.IndexByte("hdwmy", lower(q[j])) >= 0 && (j+1 == len(q) || !isIdentPart(q[j+1])) {
		if strings.Contains(q[start:j], ".") {
			return token{}, 0, &QueryError{Query: q, Pos: i, Expected: "a whole number of units in a relative date", Found: fmt.Sprintf("%q", q[i:j+1])}
		}
		return token{tokDuration, q[i : j+1], i}, j + 1, nil
	}
	if j < len(q) && isIdentPart(q[j]) {
		return token{}, 0, &QueryError{Query: q, Pos: j, Expected: "a unit h, d, w, m or y, or a space after the number", Found: fmt.Sprintf("%q", q[j:j+1])}
	}
	return token{tokNumber, q[i:j], i}, j, nil
}

func isDigit(c byte) bool      { return c >= '0' && c <= '9' }
func isIdentStart(c byte) bool { return c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z') }
func isIdentPart(c byte) bool  { return isIdentStart(c) || isDigit(c) || c == '.' }
func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 32
	}
	return c
}
