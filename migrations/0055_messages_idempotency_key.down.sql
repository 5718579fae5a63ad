ALTER TABLE messages
    DROP KEY uq_messages_idempotency,
    DROP COLUMN idempotency_key;
