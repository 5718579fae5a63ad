ALTER TABLE deputies DROP KEY idx_deputies_created;
