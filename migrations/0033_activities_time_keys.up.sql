-- The staff's list of activities pages by (created_at, id): one station's
-- through the first key, a wide scope's by walking the second backwards.
ALTER TABLE activities
    ADD KEY idx_activities_station_created (station_id, created_at, id),
    ADD KEY idx_activities_created (created_at, id);
