-- Console sessions live beside the mini program's in sessions, so that revoking a user
-- ends both at once. A console session (kind 'console') also ends after a spell without
-- use: idle_until moves forward as the browser is used, expires_at is the absolute end.
-- A token of one kind is not accepted where the other is expected.
ALTER TABLE sessions
    ADD COLUMN kind VARCHAR(16) NOT NULL DEFAULT 'api',
    ADD COLUMN idle_until DATETIME(3) NULL;
