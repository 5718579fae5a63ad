-- The author's consent to show the answered message publicly at its station
-- (GET /api/v1/stations/{id}/answers): off unless given, withdrawable. The key
-- serves that list: one station's consented messages, newest first.
ALTER TABLE messages
    ADD COLUMN publish TINYINT(1) NOT NULL DEFAULT 0,
    ADD KEY idx_messages_published (station_id, publish, id);
