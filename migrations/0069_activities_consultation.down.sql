ALTER TABLE activities DROP COLUMN consultation_id;
