-- Lists of stations page by (created_at, id): an area's through the first
-- key, the whole region's through the second. (idx_stations_area stays: the
-- foreign key of area_code is bound to it.)
ALTER TABLE stations
    ADD KEY idx_stations_area_time (area_code, created_at, id),
    ADD KEY idx_stations_created (created_at, id);
