ALTER TABLE activities
    DROP KEY idx_activities_fanout,
    DROP COLUMN fanout_kind,
    DROP COLUMN fanout_version,
    DROP COLUMN fanout_change,
    DROP COLUMN fanout_after;
