// Command quickstart is crmkit's main job on its embedded default: it
// generates the seeded demo shop, stores it (SQLite file by default), and
// prints what a CRM knows about the shop and one of its customers.
//
//	go run ./examples/quickstart                     # SQLite file crmkit-demo.db
//	go run ./examples/quickstart -db memory          # nothing written to disk
//	go run ./examples/quickstart -db postgres://...  # a PostgreSQL server
//
// Running it again on the same file adds nothing: the demo shop is
// deterministic and loading skips records already stored.
package main
