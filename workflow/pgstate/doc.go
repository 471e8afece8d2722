// Package pgstate keeps a workflow engine's state in PostgreSQL: the
// journal cursor, deliveries, run log, follow-up tasks, schedule marks and
// segment memberships, in tables named workflow_* in a schema of their own
// choosing (by default the store's, "crmkit"). Several engine processes
// may share it: Claim takes deliveries with FOR UPDATE SKIP LOCKED.
//
//	state, err := pgstate.Open(ctx, dsn, nil)
//	defer state.Close()
//	eng, err := workflow.New(st, state, rules, nil)
package pgstate
