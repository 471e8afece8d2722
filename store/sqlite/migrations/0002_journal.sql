-- The journal: one row per recorded change (store.Journal), written in the
-- same transaction as the write it records. seq is the rowid, so the newest
-- change is found at the end of the table's B-tree without an index.
-- Digests are their 32 raw bytes; at is unix microseconds in UTC like every
-- other time; detail is a JSON object or NULL; the payloads are the
-- records' JSON and are set to NULL when a customer is erased (the hash
-- does not cover them).
CREATE TABLE journal (
	seq         INTEGER PRIMARY KEY,
	at          INTEGER NOT NULL,
	actor       TEXT NOT NULL,
	op          TEXT NOT NULL,
	entity      TEXT NOT NULL,
	entity_id   TEXT NOT NULL,
	customer_id BLOB,                 -- NULL for the nil UUID
	count       INTEGER NOT NULL,
	detail      TEXT,                 -- JSON object
	before      BLOB,                 -- NULL: no record before (a create)
	after       BLOB,                 -- NULL: no record after (a delete)
	prev_hash   BLOB NOT NULL,
	hash        BLOB NOT NULL,
	before_data TEXT,
	after_data  TEXT
) STRICT;

-- Audit queries: a customer's history (and its erasure), a person's writes,
-- one record's history.
CREATE INDEX journal_customer ON journal (customer_id, seq) WHERE customer_id IS NOT NULL;
CREATE INDEX journal_actor ON journal (actor, seq) WHERE actor <> '';
-- Events are left out of the entity ID index: they are most of the rows and
-- each would add a random key to it on the hot path of event ingestion; an
-- event's changes are found through journal_customer (or by a scan).
CREATE INDEX journal_entity_id ON journal (entity_id, seq) WHERE entity_id <> '' AND entity <> 'event';
