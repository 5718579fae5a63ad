-- Lists of messages page by (created_at, id), not by id alone: on a Galera
-- cluster ids are not in time order. Each key ends in created_at, id so that
-- a list's filter, order and keyset cursor are one index range read backwards.
-- The former keys ending in id stay: the foreign keys of station_id, user_id
-- and deputy_id are bound to them (the embedded engine of dev mode will not
-- drop an index a foreign key uses).
ALTER TABLE messages
    ADD KEY idx_messages_status_time (station_id, status, created_at, id),
    ADD KEY idx_messages_station_time (station_id, created_at, id),
    ADD KEY idx_messages_user_time (user_id, created_at, id),
    ADD KEY idx_messages_deputy_time (deputy_id, created_at, id),
    ADD KEY idx_messages_published_time (station_id, publish, created_at, id);
