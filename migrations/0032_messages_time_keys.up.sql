-- Lists of messages page by (created_at, id), not by id alone: on a Galera
-- cluster ids are not in time order. Each key ends in created_at, id so that
-- a list's filter, order and keyset cursor are one index range read backwards.
ALTER TABLE messages
    DROP KEY idx_messages_station,
    ADD KEY idx_messages_station (station_id, status, created_at, id),
    ADD KEY idx_messages_station_time (station_id, created_at, id),
    DROP KEY idx_messages_user,
    ADD KEY idx_messages_user (user_id, created_at, id),
    DROP KEY idx_messages_deputy,
    ADD KEY idx_messages_deputy (deputy_id, created_at, id),
    DROP KEY idx_messages_published,
    ADD KEY idx_messages_published (station_id, publish, created_at, id);
