// Package pgtest gives other packages' tests a PostgreSQL store in a
// throw-away schema on the server named by CRMKIT_POSTGRES_DSN (which
// .ci/postgres.sh starts and exports). Without the variable, tests skip
// locally but fail under CI (CI=true), which must test against a real server.
package pgtest
