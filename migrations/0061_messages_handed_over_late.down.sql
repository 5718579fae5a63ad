ALTER TABLE messages
    DROP KEY idx_messages_addressee_waiting,
    DROP COLUMN handed_over_late;
