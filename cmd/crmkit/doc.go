// Command crmkit is the command-line front of the crmkit SDK: it generates the
// demo shop, imports order logs, runs the analytics engines and evaluations,
// and serves the HTTP API.
//
// Each subcommand lives in its own file and registers itself with register;
// "crmkit -h" lists them and "crmkit CMD -h" shows a command's flags.
//
// Exit codes: 0 success, 1 the command failed, 2 bad usage (unknown command or flags).
package main
