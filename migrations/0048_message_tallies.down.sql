DROP TABLE message_tallies;
ALTER TABLE messages
    DROP KEY idx_messages_promises_open,
    DROP COLUMN promise_lapsed,
    DROP COLUMN county_code;
