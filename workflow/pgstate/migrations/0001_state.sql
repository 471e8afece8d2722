-- The workflow engine's state: journal cursor, deliveries (the idempotency
-- key is the primary key), run log, tasks, marks of scheduled rules and
-- segment memberships.
CREATE TABLE workflow_cursor (
    id  integer PRIMARY KEY CHECK (id = 1),
    seq bigint  NOT NULL
);

CREATE TABLE workflow_deliveries (
    key         text        PRIMARY KEY,
    rule        text        NOT NULL,
    trigger     text        NOT NULL,
    seq         bigint      NOT NULL,
    customer_id uuid,
    entity      text        NOT NULL,
    entity_id   text        NOT NULL,
    period      timestamptz,
    status      text        NOT NULL,
    attempts    integer     NOT NULL,
    next_at     timestamptz NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    last_error  text        NOT NULL
);
-- Claim looks only at pending deliveries, by due time.
CREATE INDEX workflow_deliveries_due ON workflow_deliveries (next_at, key) WHERE status = 'pending';
CREATE INDEX workflow_deliveries_customer ON workflow_deliveries (customer_id);

CREATE TABLE workflow_runs (
    id          bigserial   PRIMARY KEY,
    key         text        NOT NULL,
    rule        text        NOT NULL,
    customer_id uuid,
    trigger     text        NOT NULL,
    at          timestamptz NOT NULL,
    attempt     integer     NOT NULL,
    result      text        NOT NULL,
    detail      text        NOT NULL
);
CREATE INDEX workflow_runs_customer ON workflow_runs (customer_id, id);
CREATE INDEX workflow_runs_key ON workflow_runs (key, id);

CREATE TABLE workflow_tasks (
    key         text        PRIMARY KEY,
    rule        text        NOT NULL,
    customer_id uuid,
    title       text        NOT NULL,
    note        text        NOT NULL,
    assignee    text        NOT NULL,
    due         timestamptz NOT NULL,
    created_at  timestamptz NOT NULL
);

CREATE TABLE workflow_marks (
    name text        PRIMARY KEY,
    at   timestamptz NOT NULL
);

CREATE TABLE workflow_members (
    rule        text NOT NULL,
    customer_id uuid NOT NULL,
    PRIMARY KEY (rule, customer_id)
);
