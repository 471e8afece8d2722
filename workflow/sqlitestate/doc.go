// Package sqlitestate keeps a workflow engine's state in a SQLite file:
// the journal cursor, deliveries, run log, follow-up tasks, schedule marks
// and segment memberships. Writes run in IMMEDIATE transactions with
// synchronous=FULL, so what a call reported is on disk and several
// processes may share the file.
//
//	state, err := sqlitestate.Open("workflow.db", nil)
//	defer state.Close()
//	eng, err := workflow.New(st, state, rules, nil)
package sqlitestate
