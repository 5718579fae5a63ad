-- The keys ending in id that the lists used before 0032: a key ending in (created_at, id)
-- now serves each list and the foreign key of its column.
ALTER TABLE messages
    DROP KEY idx_messages_station,
    DROP KEY idx_messages_user,
    DROP KEY idx_messages_deputy,
    DROP KEY idx_messages_published;
