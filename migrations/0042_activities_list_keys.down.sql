ALTER TABLE activities
    DROP KEY idx_activities_time,
    DROP KEY idx_activities_upcoming,
    ADD KEY idx_activities_created (created_at, id);
