ALTER TABLE deputy_groups DROP KEY idx_groups_area_time;
