-- The key ending in id that the list of groups used before 0036: idx_groups_area_time
-- now serves it and the foreign key of area_code.
ALTER TABLE deputy_groups DROP KEY idx_groups_area;
