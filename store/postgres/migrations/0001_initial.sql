-- crmkit schema, version 1: customers, orders, returns, products, events.
--
-- Tables are created unqualified: the store sets search_path to its schema.
-- Money is NUMERIC (exact, keeps its scale), times are timestamptz
-- (microseconds), IDs are uuid (ordered by bytes, as the contract's cursors
-- need), nested values are JSONB. Every index below serves a filter or an
-- order of the store contract; the comment on each says which.

CREATE TABLE customers (
    id          uuid        PRIMARY KEY,
    external_id text,                    -- NULL when the shop gave none
    email       text        NOT NULL DEFAULT '',
    email_key   text,                    -- customer.EmailKey(email), NULL when no e-mail
    first_name  text        NOT NULL DEFAULT '',
    last_name   text        NOT NULL DEFAULT '',
    phone       text        NOT NULL DEFAULT '',
    addresses   jsonb,
    tags        text[],
    interests   text[],
    attributes  jsonb,
    consents    jsonb,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    version     bigint      NOT NULL CHECK (version > 0)
);
-- uniqueness of the e-mail (by EmailKey) and of the shop's ID; lookups by either
CREATE UNIQUE INDEX customers_email_key ON customers (email_key);
CREATE UNIQUE INDEX customers_external_id ON customers (external_id);
-- Customers scan order and CreatedFrom/CreatedTo
CREATE INDEX customers_created ON customers (created_at, id);
-- CustomerFilter.Tag (tags @> ARRAY[tag])
CREATE INDEX customers_tags ON customers USING gin (tags);

CREATE TABLE orders (
    id              uuid        PRIMARY KEY,
    number          text        NOT NULL,
    customer_id     uuid        NOT NULL, -- no foreign key: imports may bring orders before customers
    status          text        NOT NULL,
    currency        text        NOT NULL,
    lines           jsonb       NOT NULL,
    units           integer     NOT NULL, -- sum of line quantities, for summaries in SQL
    shipping        numeric     NOT NULL,
    tax             numeric     NOT NULL,
    total           numeric     NOT NULL,
    payment_method  text        NOT NULL DEFAULT '',
    refunded_amount numeric     NOT NULL,
    placed_at       timestamptz NOT NULL,
    paid_at         timestamptz,
    shipped_at      timestamptz,
    delivered_at    timestamptz,
    cancelled_at    timestamptz,
    updated_at      timestamptz NOT NULL,
    version         bigint      NOT NULL CHECK (version > 0)
);
-- order numbers are unique per shop; GetOrderByNumber
CREATE UNIQUE INDEX orders_number ON orders (number);
-- Orders scan order, Since/Until, Desc
CREATE INDEX orders_placed ON orders (placed_at, id);
-- OrderFilter.CustomerID with the scan order; per-customer summaries
CREATE INDEX orders_customer ON orders (customer_id, placed_at, id);
-- OrderFilter.Statuses
CREATE INDEX orders_status ON orders (status, placed_at, id);

CREATE TABLE returns (
    id           uuid        PRIMARY KEY,
    order_id     uuid        NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    customer_id  uuid        NOT NULL,
    items        jsonb       NOT NULL,
    reason       text        NOT NULL DEFAULT '',
    refund_only  boolean     NOT NULL DEFAULT false,
    amount       numeric     NOT NULL,
    status       text        NOT NULL,
    requested_at timestamptz NOT NULL,
    resolved_at  timestamptz,
    updated_at   timestamptz NOT NULL,
    version      bigint      NOT NULL CHECK (version > 0)
);
-- Returns scan order, Since/Until
CREATE INDEX returns_requested ON returns (requested_at, id);
-- ReturnFilter.CustomerID; per-customer summaries
CREATE INDEX returns_customer ON returns (customer_id, requested_at, id);
-- ReturnFilter.OrderID; the earlier returns of an order (CreateReturn); the cascade
CREATE INDEX returns_order ON returns (order_id, requested_at, id);
-- ReturnFilter.Statuses
CREATE INDEX returns_status ON returns (status, requested_at, id);

CREATE TABLE products (
    id         text COLLATE "C" PRIMARY KEY, -- byte order, as the contract's scan order
    sku        text        NOT NULL DEFAULT '',
    name       text        NOT NULL DEFAULT '',
    category   text        NOT NULL DEFAULT '',
    price      numeric     NOT NULL,
    currency   text        NOT NULL,
    active     boolean     NOT NULL,
    updated_at timestamptz NOT NULL
);
-- ProductFilter.Category (with the scan order); ActiveOnly rides on either index
CREATE INDEX products_category ON products (category, id);

CREATE TABLE events (
    id          uuid        PRIMARY KEY,
    kind        text        NOT NULL,
    customer_id uuid,                    -- NULL for an anonymous visitor
    visitor_id  text        NOT NULL DEFAULT '',
    session_id  text        NOT NULL DEFAULT '',
    product_id  text        NOT NULL DEFAULT '',
    order_id    uuid,
    query       text        NOT NULL DEFAULT '',
    quantity    integer     NOT NULL DEFAULT 0,
    rating      integer     NOT NULL DEFAULT 0,
    score       integer,                 -- NULL: no survey answer (0 is an answer)
    body        text        NOT NULL DEFAULT '',
    attributes  jsonb,
    at          timestamptz NOT NULL
);
-- Events scan order, Since/Until, Desc
CREATE INDEX events_at ON events (at, id);
-- EventFilter.CustomerID: the customer's timeline (360° view); DeleteCustomer
CREATE INDEX events_customer ON events (customer_id, at, id);
-- EventFilter.VisitorID: only events that carry a visitor ID (queries repeat
-- the predicate so the planner can use the partial index)
CREATE INDEX events_visitor ON events (visitor_id, at, id) WHERE visitor_id <> '';
-- EventFilter.SessionID, ProductID, Kinds
CREATE INDEX events_session ON events (session_id, at, id);
CREATE INDEX events_product ON events (product_id, at, id);
CREATE INDEX events_kind ON events (kind, at, id);
