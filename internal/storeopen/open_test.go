package storeopen_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/crmkit/crmkit/internal/storeopen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestKind(t *testing.T) {
	for dsn, want := range map[string]string{
		"memory": "memory", "sqlite:x": "sqlite", "shop.db": "sqlite", "a/b.sqlite3": "sqlite",
		"postgres://u@h/db": "postgres", "postgresql://h/db": "postgres", "mysql://x": "",
	} {
		got, _ := storeopen.Kind(dsn)
		assert.Equal(t, want, got, dsn)
	}
}

func TestOpen(t *testing.T) {
	ctx := context.Background()
	st, err := storeopen.Open(ctx, "memory")
	require.NoError(t, err)
	require.NoError(t, st.Close())
	st, err = storeopen.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "x"))
	require.NoError(t, err)
	s, err := st.Stats(ctx)
	require.NoError(t, err)
	assert.Zero(t, s.Customers)
	require.NoError(t, st.Close())
	_, err = storeopen.Open(ctx, "mysql://nope")
	require.ErrorContains(t, err, "cannot tell the backend")
}
