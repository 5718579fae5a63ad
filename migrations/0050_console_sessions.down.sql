ALTER TABLE sessions DROP COLUMN idle_until, DROP COLUMN kind;
