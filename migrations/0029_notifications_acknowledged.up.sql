-- When the recipient acknowledged a notice (the employer's attendance-guarantee page).
ALTER TABLE notifications ADD COLUMN acknowledged_at DATETIME(3) NULL;
