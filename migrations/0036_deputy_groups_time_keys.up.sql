-- The list of groups pages by (created_at, id) within the areas of a scope.
-- (idx_groups_area stays: the foreign key of area_code is bound to it.)
ALTER TABLE deputy_groups ADD KEY idx_groups_area_time (area_code, created_at, id);
