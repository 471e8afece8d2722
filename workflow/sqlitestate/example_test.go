package sqlitestate_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/crmkit/crmkit/customer"
	"github.com/crmkit/crmkit/store/memory"
	"github.com/crmkit/crmkit/workflow"
	"github.com/crmkit/crmkit/workflow/sqlitestate"
)

// Example keeps an engine's progress in a SQLite file: a second engine on
// the same file (after a restart, say) finds the welcome already sent.
func Example() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "workflow")
	defer os.RemoveAll(dir)
	st := memory.New()
	sent := 0
	welcome := workflow.Func(func(ctx context.Context, inv *workflow.Invocation) error {
		sent++
		return nil
	})
	rules := []workflow.Rule{{Name: "welcome", Trigger: workflow.CustomerCreated(), Action: welcome}}
	clock := func() time.Time { return time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC) }
	c := customer.Customer{Email: "ada@example.com", FirstName: "Ada"}
	_ = st.CreateCustomer(ctx, &c)

	for run := 1; run <= 2; run++ {
		state, err := sqlitestate.Open(filepath.Join(dir, "workflow.db"), nil)
		if err != nil {
			panic(err)
		}
		eng, _ := workflow.New(st, state, rules, &workflow.Options{Clock: clock})
		s, _ := eng.Step(ctx)
		fmt.Printf("run %d: %d changes read, %d delivered\n", run, s.Changes, s.Delivered)
		state.Close()
	}
	fmt.Println("welcomes sent:", sent)
	// Output:
	// run 1: 1 changes read, 1 delivered
	// run 2: 0 changes read, 0 delivered
	// welcomes sent: 1
}
