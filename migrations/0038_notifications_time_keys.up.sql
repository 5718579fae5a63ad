-- The staff's list of notices pages by (created_at, id), of one subject
-- through the first key, of every subject through the second.
ALTER TABLE notifications
    DROP KEY idx_notifications_subject,
    ADD KEY idx_notifications_subject (subject, created_at, id),
    ADD KEY idx_notifications_created (created_at, id);
