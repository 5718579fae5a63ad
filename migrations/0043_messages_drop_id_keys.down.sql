ALTER TABLE messages
    ADD KEY idx_messages_station (station_id, status, id),
    ADD KEY idx_messages_user (user_id, id),
    ADD KEY idx_messages_deputy (deputy_id, id),
    ADD KEY idx_messages_published (station_id, publish, id);
