-- The first schema of crmkit's SQLite store.
--
-- IDs are the UUID's 16 bytes (BLOB), so ORDER BY id is byte order.
-- Money is TEXT holding an exact decimal (never REAL). Times are INTEGER
-- unix microseconds in UTC; NULL is the zero time. Nested values (addresses,
-- consents, order lines, return items, attributes) are JSON; customer tags
-- are also kept one per row in customer_tags so the tag filter hits an index.

CREATE TABLE customers (
	id          BLOB PRIMARY KEY,
	external_id TEXT UNIQUE,          -- NULL when the shop gave none
	email       TEXT NOT NULL,
	email_key   TEXT UNIQUE,          -- customer.EmailKey(email); NULL without e-mail
	first_name  TEXT NOT NULL,
	last_name   TEXT NOT NULL,
	phone       TEXT NOT NULL,
	addresses   TEXT NOT NULL,        -- JSON
	tags        TEXT NOT NULL,        -- JSON, in the profile's order
	interests   TEXT NOT NULL,        -- JSON
	attributes  TEXT NOT NULL,        -- JSON
	consents    TEXT NOT NULL,        -- JSON
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL,
	version     INTEGER NOT NULL
) STRICT;

CREATE INDEX customers_created ON customers (created_at, id);

-- created_at repeats the profile's so that a tag's members come out of the
-- key already in scan order (created_at, id), with no sort.
CREATE TABLE customer_tags (
	tag         TEXT NOT NULL,
	created_at  INTEGER NOT NULL,
	customer_id BLOB NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
	PRIMARY KEY (tag, created_at, customer_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX customer_tags_customer ON customer_tags (customer_id);

-- Orders keep their customer ID even when the profile is gone (financial
-- records), so there is no foreign key to customers.
CREATE TABLE orders (
	id             BLOB PRIMARY KEY,
	number         TEXT NOT NULL UNIQUE,
	customer_id    BLOB NOT NULL,
	status         TEXT NOT NULL,
	currency       TEXT NOT NULL,
	lines          TEXT NOT NULL,     -- JSON
	units          INTEGER NOT NULL,  -- sum of line quantities, for summaries
	shipping       TEXT NOT NULL,
	tax            TEXT NOT NULL,
	total          TEXT NOT NULL,
	payment_method TEXT NOT NULL,
	refunded       TEXT NOT NULL,
	placed_at      INTEGER NOT NULL,
	paid_at        INTEGER,
	shipped_at     INTEGER,
	delivered_at   INTEGER,
	cancelled_at   INTEGER,
	updated_at     INTEGER NOT NULL,
	version        INTEGER NOT NULL
) STRICT;

CREATE INDEX orders_placed ON orders (placed_at, id);
CREATE INDEX orders_customer ON orders (customer_id, placed_at, id);
CREATE INDEX orders_status ON orders (status, placed_at, id);

CREATE TABLE returns (
	id           BLOB PRIMARY KEY,
	order_id     BLOB NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
	customer_id  BLOB NOT NULL,
	items        TEXT NOT NULL,       -- JSON
	reason       TEXT NOT NULL,
	refund_only  INTEGER NOT NULL,
	amount       TEXT NOT NULL,
	status       TEXT NOT NULL,
	requested_at INTEGER NOT NULL,
	resolved_at  INTEGER,
	updated_at   INTEGER NOT NULL,
	version      INTEGER NOT NULL
) STRICT;

CREATE INDEX returns_requested ON returns (requested_at, id);
CREATE INDEX returns_order ON returns (order_id, requested_at, id);
CREATE INDEX returns_customer ON returns (customer_id, requested_at, id);
CREATE INDEX returns_status ON returns (status, requested_at, id);

CREATE TABLE products (
	id         TEXT PRIMARY KEY,
	sku        TEXT NOT NULL,
	name       TEXT NOT NULL,
	category   TEXT NOT NULL,
	price      TEXT NOT NULL,
	currency   TEXT NOT NULL,
	active     INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;

CREATE INDEX products_category ON products (category, id);
CREATE INDEX products_active ON products (active, id);

-- Events are keyed by (at, id), so the table itself is the time index: a
-- time-range scan reads rows in order with no lookups, and appends of
-- time-ordered events land at the end of the tree. The ID stays unique.
CREATE TABLE events (
	at          INTEGER NOT NULL,
	id          BLOB NOT NULL,
	kind        TEXT NOT NULL,
	customer_id BLOB,                 -- NULL for anonymous visitors
	visitor_id  TEXT,
	session_id  TEXT,
	product_id  TEXT,
	order_id    BLOB,
	query       TEXT NOT NULL,
	quantity    INTEGER NOT NULL,
	rating      INTEGER NOT NULL,
	score       INTEGER,              -- NULL when no score was given
	text        TEXT NOT NULL,
	attributes  TEXT NOT NULL,        -- JSON
	PRIMARY KEY (at, id)
) STRICT, WITHOUT ROWID;

CREATE UNIQUE INDEX events_id ON events (id);
CREATE INDEX events_kind ON events (kind, at, id);
-- The optional keys get partial indexes: an event without a visitor, say,
-- costs no entry in the visitor index, and "visitor_id = ?" still uses it.
CREATE INDEX events_customer ON events (customer_id, at, id) WHERE customer_id IS NOT NULL;
CREATE INDEX events_visitor ON events (visitor_id, at, id) WHERE visitor_id IS NOT NULL;
CREATE INDEX events_session ON events (session_id, at, id) WHERE session_id IS NOT NULL;
CREATE INDEX events_product ON events (product_id, at, id) WHERE product_id IS NOT NULL;
