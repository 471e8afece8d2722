package storeopen

import (
	"context"
	"fmt"
	"strings"

	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/memory"
)

// Open returns the store named by dsn (see the package documentation).
func Open(ctx context.Context, dsn string) (store.Store, error) {
	switch kind, rest := Kind(dsn); kind {
	case "memory":
		return memory.New(), nil
	case "sqlite":
		return openSQLite(ctx, rest)
	case "postgres":
		return openPostgres(ctx, rest)
	default:
		return nil, fmt.Errorf("storeopen: cannot tell the backend of %q: use memory, sqlite:PATH, a path ending in .db, or postgres://", dsn)
	}
}

// Kind returns the backend a dsn names ("memory", "sqlite", "postgres" or
// "") and what follows the scheme (the path for SQLite, the whole DSN for
// PostgreSQL).
func Kind(dsn string) (kind, rest string) {
	switch {
	case dsn == "memory" || dsn == "memory:":
		return "memory", ""
	case strings.HasPrefix(dsn, "sqlite:"):
		return "sqlite", strings.TrimPrefix(dsn, "sqlite:")
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return "postgres", dsn
	case strings.HasSuffix(dsn, ".db"), strings.HasSuffix(dsn, ".sqlite"), strings.HasSuffix(dsn, ".sqlite3"):
		return "sqlite", dsn
	}
	return "", dsn
}
