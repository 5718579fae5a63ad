ALTER TABLE deputy_groups ADD KEY idx_groups_area (area_code, id);
