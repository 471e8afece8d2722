-- The workflow engine's state: journal cursor, deliveries (the idempotency
-- key is the primary key), run log, tasks, marks of scheduled rules and
-- segment memberships. Times are Unix microseconds, UTC; NULL for none.
CREATE TABLE workflow_cursor (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL
);

CREATE TABLE workflow_deliveries (
    key         TEXT    PRIMARY KEY,
    rule        TEXT    NOT NULL,
    trigger     TEXT    NOT NULL,
    seq         INTEGER NOT NULL,
    customer_id TEXT    NOT NULL,
    entity      TEXT    NOT NULL,
    entity_id   TEXT    NOT NULL,
    period      INTEGER,
    status      TEXT    NOT NULL,
    attempts    INTEGER NOT NULL,
    next_at     INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    last_error  TEXT    NOT NULL
) WITHOUT ROWID;

-- Claim looks only at pending deliveries, by due time.
CREATE INDEX workflow_deliveries_due ON workflow_deliveries (next_at, key) WHERE status = 'pending';
CREATE INDEX workflow_deliveries_customer ON workflow_deliveries (customer_id);

CREATE TABLE workflow_runs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    key         TEXT    NOT NULL,
    rule        TEXT    NOT NULL,
    customer_id TEXT    NOT NULL,
    trigger     TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    attempt     INTEGER NOT NULL,
    result      TEXT    NOT NULL,
    detail      TEXT    NOT NULL
);
CREATE INDEX workflow_runs_customer ON workflow_runs (customer_id, id);
CREATE INDEX workflow_runs_key ON workflow_runs (key, id);

CREATE TABLE workflow_tasks (
    key         TEXT    PRIMARY KEY,
    rule        TEXT    NOT NULL,
    customer_id TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    note        TEXT    NOT NULL,
    assignee    TEXT    NOT NULL,
    due         INTEGER NOT NULL,
    created_at  INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE workflow_marks (
    name TEXT    PRIMARY KEY,
    at   INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE workflow_members (
    rule        TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    PRIMARY KEY (rule, customer_id)
) WITHOUT ROWID;
