ALTER TABLE activities
    DROP KEY idx_activities_station_created,
    DROP KEY idx_activities_created;
