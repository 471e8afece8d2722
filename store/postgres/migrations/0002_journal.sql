-- crmkit schema, version 2: the journal (store.Journal).
--
-- One row per recorded change, inserted in the transaction of the write it
-- records. journal_head holds the newest change's seq and hash in a single
-- row; a write locks that row (SELECT ... FOR UPDATE) as the last step of
-- its transaction, numbers and chains its changes after the head, and moves
-- the head. The lock is held until commit, so changes are numbered in
-- commit order and no two transactions can chain onto the same head: a
-- sequence (or max(seq)+1) would hand out numbers in start order, let a
-- later number commit first, and let a reader that polls "after seq n" skip
-- the earlier one for ever; it would also let two writers read the same
-- previous hash and fork the chain.
--
-- Digests are their 32 raw bytes. The payloads are text, not JSONB, so they
-- keep the exact bytes their digests were computed over; they are set to
-- NULL when a customer is erased (the hash does not cover them).

CREATE TABLE journal (
    seq         bigint      PRIMARY KEY,
    at          timestamptz NOT NULL,
    actor       text        NOT NULL,
    op          text        NOT NULL,
    entity      text        NOT NULL,
    entity_id   text        NOT NULL,
    customer_id uuid,                    -- NULL for the nil UUID
    count       integer     NOT NULL,
    detail      jsonb,
    before      bytea       NOT NULL,
    after       bytea       NOT NULL,
    prev_hash   bytea       NOT NULL,
    hash        bytea       NOT NULL,
    before_data text,
    after_data  text
);
-- ChangeFilter.CustomerID, audit exports and erasure
CREATE INDEX journal_customer ON journal (customer_id, seq) WHERE customer_id IS NOT NULL;
-- ChangeFilter.Actor
CREATE INDEX journal_actor ON journal (actor, seq) WHERE actor <> '';
-- ChangeFilter.EntityID for customers, orders, returns and products. Events
-- are left out: they are most of the rows and each would add a random
-- key to the index on the hot path of event ingestion; an event's changes
-- are found through journal_customer (or, for an anonymous event, a scan).
CREATE INDEX journal_entity_id ON journal (entity_id, seq) WHERE entity_id <> '' AND entity <> 'event';

CREATE TABLE journal_head (
    one  boolean PRIMARY KEY DEFAULT true CHECK (one),
    seq  bigint  NOT NULL,
    hash bytea   NOT NULL
);
INSERT INTO journal_head (seq, hash) VALUES (0, '\x0000000000000000000000000000000000000000000000000000000000000000');
