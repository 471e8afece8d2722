// Package storeopen opens a store.Store from a data source name, so the CLI
// and the examples take one -db flag for every backend:
//
//	memory                      a fresh in-memory store
//	sqlite:PATH or PATH.db      the embedded SQLite store at PATH
//	postgres://... postgresql://...   a PostgreSQL server
//
// OpenWith adds encryption of personal data at rest (store/encrypted) with a
// keyring that ParseKeys reads from its text form.
package storeopen
