package storeopen

import (
	"context"

	"github.com/crmkit/crmkit/store"
	"github.com/crmkit/crmkit/store/postgres"
	"github.com/crmkit/crmkit/store/sqlite"
)

func openSQLite(_ context.Context, path string) (store.Store, error) {
	return sqlite.Open(path, nil)
}

func openPostgres(ctx context.Context, dsn string) (store.Store, error) {
	return postgres.Open(ctx, dsn, nil)
}
