-- A message written to a deputy (代表码) is a message of one of the deputy's stations with
-- the deputy as its addressee; NULL for a message to the station. The key serves the
-- station's inbox filtered by addressee.
ALTER TABLE messages
    ADD COLUMN addressee_deputy_id BIGINT UNSIGNED NULL,
    ADD KEY idx_messages_addressee (station_id, addressee_deputy_id, id),
    ADD CONSTRAINT fk_messages_addressee FOREIGN KEY (addressee_deputy_id) REFERENCES deputies (id) ON DELETE SET NULL;
