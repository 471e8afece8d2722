package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// Statement builders shared by the record types, and the query interfaces
// that both the pool and a transaction satisfy.

// insertSQL returns an INSERT of one row into table with the given columns.
func insertSQL(table string, cols []string) string {
	ph := make([]string, len(cols))
	for i := range cols {
		ph[i] = fmt.Sprintf("$%d", i+1)
	}
	return "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES (" + strings.Join(ph, ", ") + ")"
}

// updateSQL returns an UPDATE of every column but the first (the key) of
// the row whose key is $1 and whose version is $n+1.
func updateSQL(table string, cols []string) string {
	sets := make([]string, 0, len(cols)-1)
	for i, c := range cols[1:] {
		sets = append(sets, fmt.Sprintf("%s = $%d", c, i+2))
	}
	return fmt.Sprintf("UPDATE %s SET %s WHERE %s = $1 AND version = $%d", table, strings.Join(sets, ", "), cols[0], len(cols)+1)
}

// rowQuerier is what both the pool and a transaction offer for one row.
type rowQuerier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// querier is what both the pool and a transaction offer for many rows.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}
