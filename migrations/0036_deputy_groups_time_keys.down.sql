ALTER TABLE deputy_groups
    DROP KEY idx_groups_area,
    ADD KEY idx_groups_area (area_code, id);
