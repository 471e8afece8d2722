// Package statetest checks that a workflow.State keeps its contract, the
// way testing/fstest checks an fs.FS: the three implementations in this
// module run it, and so should a host's own.
//
//	func TestMyState(t *testing.T) {
//		statetest.Run(t, func(t *testing.T) workflow.State { return openMyState(t) })
//	}
package statetest
