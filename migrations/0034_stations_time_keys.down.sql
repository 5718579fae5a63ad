ALTER TABLE stations
    DROP KEY idx_stations_area_time,
    DROP KEY idx_stations_created;
