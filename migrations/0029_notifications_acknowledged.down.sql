ALTER TABLE notifications DROP COLUMN acknowledged_at;
