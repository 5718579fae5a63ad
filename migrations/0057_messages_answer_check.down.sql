ALTER TABLE messages
    DROP COLUMN answer_check;
