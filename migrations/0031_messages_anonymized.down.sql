ALTER TABLE messages
    DROP KEY idx_messages_retention,
    DROP COLUMN anonymized_at;
