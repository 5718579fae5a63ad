-- A citizen's submission may carry an Idempotency-Key (8–64 of [A-Za-z0-9_-]): the mini
-- program sends one per form and sends it again when an answer was lost. The same key
-- from the same user within 24 hours answers the first message instead of storing a
-- second. The unique key makes two requests with the same key at once store one message;
-- a key older than 24 hours is cleared from its message when it comes again (intake), so
-- it then makes a new one. Keys are compared byte for byte (ascii_bin), not as the
-- table's case-insensitive text. A walk-in (user_id NULL) carries none.
ALTER TABLE messages
    ADD COLUMN idempotency_key VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
    ADD UNIQUE KEY uq_messages_idempotency (user_id, idempotency_key);
