-- The admins' list of users pages by (created_at, id).
ALTER TABLE users ADD KEY idx_users_created (created_at, id);
