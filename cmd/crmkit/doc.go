// Command crmkit is the command-line front of the crmkit SDK: it generates the
// demo shop, imports order logs, runs the analytics engines and evaluations,
// answers data-protection requests and serves the HTTP API.
//
//	crmkit demo                                   # the demo shop into crmkit-demo.db
//	crmkit customers show C000010                 # one customer's 360° view
//	crmkit segment -query "orders >= 3 AND last_order < -90d"
//	crmkit clv -months 12 -top 10 -json
//	crmkit recommend -customer C000010
//	crmkit erase -yes C000010
//	crmkit serve -demo                            # the HTTP API on the demo shop, key crmkit-demo-key
//	crmkit loadtest -clients 32 -duration 20s     # drive a running server, check no write is lost
//
// Each subcommand lives in its own file and registers itself with register;
// "crmkit -h" lists them and "crmkit CMD -h" shows a command's flags. Commands
// that read a store take -db (a SQLite file, memory, or a postgres:// DSN;
// crmkit-demo.db by default), draw progress on stderr unless -q, and print
// JSON on stdout with -json. A customer is named by its UUID, its e-mail
// address or the shop's external ID.
//
// Exit codes scripts can rely on:
//
//	0  success (and -h)
//	1  the command failed (bad data, a store or file error, a fit that did not converge)
//	2  bad usage: unknown command, bad flag or argument
//	3  not found: the named customer or product does not exist
//	4  not confirmed: a destructive command (erase, customers merge) was run without -yes
package main
