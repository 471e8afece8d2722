package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

// Exit codes scripts can rely on.
const (
	exitOK          = 0
	exitError       = 1
	exitUsage       = 2
	exitNotFound    = 3
	exitUnconfirmed = 4
)

// errUsage marks an error caused by how the command was called; it exits with exitUsage.
var errUsage = errors.New("usage")

// errNotFound marks a named record (a customer, a product) that does not
// exist; it exits with exitNotFound.
var errNotFound = errors.New("not found")

// errUnconfirmed marks a destructive command refused for want of -yes; it
// exits with exitUnconfirmed.
var errUnconfirmed = errors.New("not confirmed")

// command is one subcommand of crmkit.
type command struct {
	name    string
	summary string
	// run executes the command with the arguments that follow its name.
	run func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

// commands holds every registered subcommand by name; "eval" dispatches further
// through evalCommands.
var (
	commands     = map[string]*command{}
	evalCommands = map[string]*command{}
)

// register adds a subcommand; it panics on a duplicate name (a programming error).
func register(c *command) {
	if _, dup := commands[c.name]; dup {
		panic("crmkit: duplicate command " + c.name)
	}
	commands[c.name] = c
}

// registerEval adds an "eval" subcommand such as "eval forecast".
func registerEval(c *command) {
	if _, dup := evalCommands[c.name]; dup {
		panic("crmkit: duplicate eval command " + c.name)
	}
	evalCommands[c.name] = c
}

func init() {
	register(&command{
		name:    "eval",
		summary: "evaluate engines on data files (eval forecast, eval recommend, ...)",
		run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			return dispatch(ctx, "crmkit eval", evalCommands, args, stdout, stderr)
		},
	})
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := dispatch(ctx, "crmkit", commands, os.Args[1:], os.Stdout, os.Stderr)
	os.Exit(exitCode(err, os.Stderr))
}

// exitCode reports err on stderr and maps it to the process exit code.
func exitCode(err error, stderr io.Writer) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, errUsage):
		fmt.Fprintln(stderr, err)
		return exitUsage
	case errors.Is(err, errNotFound):
		fmt.Fprintln(stderr, "crmkit:", err)
		return exitNotFound
	case errors.Is(err, errUnconfirmed):
		fmt.Fprintln(stderr, "crmkit:", err)
		return exitUnconfirmed
	default:
		fmt.Fprintln(stderr, "crmkit:", err)
		return exitError
	}
}

// dispatch runs the subcommand named by args[0] from set.
func dispatch(ctx context.Context, prog string, set map[string]*command, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		printCommands(prog, set, stderr)
		if len(args) == 0 {
			return fmt.Errorf("%w: %s needs a command", errUsage, prog)
		}
		return flag.ErrHelp
	}
	c, ok := set[args[0]]
	if !ok {
		printCommands(prog, set, stderr)
		return fmt.Errorf("%w: unknown command %q", errUsage, args[0])
	}
	return c.run(ctx, args[1:], stdout, stderr)
}

func printCommands(prog string, set map[string]*command, w io.Writer) {
	names := make([]string, 0, len(set))
	for n := range set {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintf(w, "usage: %s <command> [flags]\n\ncommands:\n", prog)
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, set[n].summary)
	}
}

// newFlagSet returns a flag set for a subcommand whose parse errors are usage errors.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags parses args into fs, mapping parse failures to errUsage.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	return nil
}
