package storeopen

import (
	"context"
	"errors"

	"github.com/crmkit/crmkit/store"
)

func openSQLite(ctx context.Context, path string) (store.Store, error) {
	return nil, errors.New("storeopen: the SQLite backend is not built in yet")
}

func openPostgres(ctx context.Context, dsn string) (store.Store, error) {
	return nil, errors.New("storeopen: the PostgreSQL backend is not built in yet")
}
