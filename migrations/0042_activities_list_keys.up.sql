-- The staff's list of activities walks this key newest first; it holds what the list
-- filters on, so that a county's page does not read the rows of other counties. The
-- second key finds the few published activities not yet ended.
ALTER TABLE activities
    DROP KEY idx_activities_created,
    ADD KEY idx_activities_time (created_at, id, station_id, status, start_at, end_at),
    ADD KEY idx_activities_upcoming (status, end_at);
