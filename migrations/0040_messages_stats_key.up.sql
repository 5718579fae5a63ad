-- The message statistics of an area and a period (GET /admin/stats/messages) read a
-- year of a region's messages: this key holds every column they count, so that the
-- report is one range read of the key instead of a scan of the table's rows.
ALTER TABLE messages ADD KEY idx_messages_stats (created_at, station_id, status, accepted_at, accept_due,
    replied_at, reply_due, rating, fulfilled, promise_due_at, unit_id);
