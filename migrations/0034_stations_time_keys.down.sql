ALTER TABLE stations
    DROP KEY idx_stations_area,
    ADD KEY idx_stations_area (area_code, id),
    DROP KEY idx_stations_created;
