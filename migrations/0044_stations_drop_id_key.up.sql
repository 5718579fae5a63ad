-- The key ending in id that lists of stations used before 0034: idx_stations_area_time
-- now serves those lists and the foreign key of area_code.
ALTER TABLE stations DROP KEY idx_stations_area;
