package pgstate_test

import (
	"context"
	"os"

	"github.com/crmkit/crmkit/store/postgres"
	"github.com/crmkit/crmkit/workflow"
	"github.com/crmkit/crmkit/workflow/pgstate"
)

// Example runs the engine with its state beside the store's tables on the
// same server; several processes may run it on the same state.
func Example() {
	ctx := context.Background()
	dsn := os.Getenv("CRMKIT_POSTGRES_DSN")
	st, err := postgres.Open(ctx, dsn, nil)
	if err != nil {
		panic(err)
	}
	defer st.Close()
	state, err := pgstate.Open(ctx, dsn, nil)
	if err != nil {
		panic(err)
	}
	defer state.Close()
	var rules []workflow.Rule // the shop's rules
	eng, err := workflow.New(st, state, rules, nil)
	if err != nil {
		panic(err)
	}
	_ = eng.Run(ctx)
}
