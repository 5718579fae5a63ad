ALTER TABLE stations
    ADD CONSTRAINT fk_stations_convenor FOREIGN KEY (convenor_deputy_id) REFERENCES deputies (id) ON DELETE SET NULL;
