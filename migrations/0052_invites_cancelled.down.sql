ALTER TABLE invites
    DROP KEY idx_invites_open,
    DROP KEY idx_invites_creator,
    DROP COLUMN cancelled_by,
    DROP COLUMN cancelled_at;
