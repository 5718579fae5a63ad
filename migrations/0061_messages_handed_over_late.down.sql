ALTER TABLE messages
    DROP COLUMN handed_over_late;
