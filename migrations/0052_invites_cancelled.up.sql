-- An invite can be cancelled before it is redeemed: by an admin, or when the
-- user who made it is revoked (a revoked admin must not regain a role with an
-- invite made earlier). cancelled_by is the admin who cancelled it or revoked
-- its maker. The admins' list of open invites, newest first, reads
-- idx_invites_open; revoking a user finds the invites they made by
-- idx_invites_creator.
ALTER TABLE invites
    ADD COLUMN cancelled_at DATETIME(3)     NULL,
    ADD COLUMN cancelled_by BIGINT UNSIGNED NULL,
    ADD KEY idx_invites_creator (created_by),
    ADD KEY idx_invites_open (redeemed_at, cancelled_at, created_at, id);
