ALTER TABLE messages
    DROP KEY idx_messages_time,
    ADD KEY idx_messages_created (created_at),
    ADD KEY idx_messages_stats (created_at, station_id, status, accepted_at, accept_due,
        replied_at, reply_due, rating, fulfilled, promise_due_at, unit_id);
