ALTER TABLE stations ADD KEY idx_stations_area (area_code, id);
