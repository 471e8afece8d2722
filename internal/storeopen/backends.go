package storeopen

import (
	"context"
	"errors"

	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/sqlite"
)

func openSQLite(_ context.Context, path string) (store.Store, error) {
	return sqlite.Open(path, nil)
}

func openPostgres(ctx context.Context, dsn string) (store.Store, error) {
	return nil, errors.New("storeopen: PostgreSQL is not wired yet")
}
