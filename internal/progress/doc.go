// Package progress draws progress for the CLI and the examples: a bar
// redrawn in place on a terminal, a line every 10 % otherwise (logs, CI).
// Library packages never draw; they call an optional func(done, total int)
// from their options, which Bar.Update fits.
package progress
