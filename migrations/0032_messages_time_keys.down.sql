ALTER TABLE messages
    DROP KEY idx_messages_station,
    ADD KEY idx_messages_station (station_id, status, id),
    DROP KEY idx_messages_station_time,
    DROP KEY idx_messages_user,
    ADD KEY idx_messages_user (user_id, id),
    DROP KEY idx_messages_deputy,
    ADD KEY idx_messages_deputy (deputy_id, id),
    DROP KEY idx_messages_published,
    ADD KEY idx_messages_published (station_id, publish, id);
