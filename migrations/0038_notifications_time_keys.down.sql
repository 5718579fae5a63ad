ALTER TABLE notifications
    DROP KEY idx_notifications_subject,
    ADD KEY idx_notifications_subject (subject, id),
    DROP KEY idx_notifications_created;
