-- The list of deputies pages by (created_at, id).
ALTER TABLE deputies ADD KEY idx_deputies_created (created_at, id);
