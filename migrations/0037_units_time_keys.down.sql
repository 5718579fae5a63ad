ALTER TABLE units DROP KEY idx_units_created;
