-- The list of handling units pages by (created_at, id).
ALTER TABLE units ADD KEY idx_units_created (created_at, id);
