-- Lists of stations page by (created_at, id): an area's through the first
-- key, the whole region's through the second.
ALTER TABLE stations
    DROP KEY idx_stations_area,
    ADD KEY idx_stations_area (area_code, created_at, id),
    ADD KEY idx_stations_created (created_at, id);
