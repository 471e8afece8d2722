-- Erasure and export follow a customer through the profiles merged into
-- it, reading every merge change: without this index each such call scanned
-- the whole journal.
CREATE INDEX journal_merges ON journal (seq) WHERE op = 'merge' AND customer_id IS NOT NULL;
