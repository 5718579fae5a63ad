-- When a closed message was anonymised under the retention rule (PIPL): its
-- author, name, phone and photos removed, its content kept for statistics.
-- The key finds closed messages not yet anonymised, oldest first.
ALTER TABLE messages
    ADD COLUMN anonymized_at DATETIME(3) NULL,
    ADD KEY idx_messages_retention (status, anonymized_at, closed_at);
