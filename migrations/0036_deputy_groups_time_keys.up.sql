-- The list of groups pages by (created_at, id) within the areas of a scope.
ALTER TABLE deputy_groups
    DROP KEY idx_groups_area,
    ADD KEY idx_groups_area (area_code, created_at, id);
