ALTER TABLE messages
    DROP FOREIGN KEY fk_messages_addressee,
    DROP KEY idx_messages_addressee,
    DROP COLUMN addressee_deputy_id;
