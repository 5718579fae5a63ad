ALTER TABLE messages
    DROP KEY idx_messages_status_time,
    DROP KEY idx_messages_station_time,
    DROP KEY idx_messages_user_time,
    DROP KEY idx_messages_deputy_time,
    DROP KEY idx_messages_published_time;
