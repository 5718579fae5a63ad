ALTER TABLE messages
    DROP KEY idx_messages_published,
    DROP COLUMN publish;
