-- Which claim took a row: a worker claims a batch of notices in one UPDATE
-- (pending → sending) stamped with a random token, then reads back the rows
-- that carry its token — those, and only those, it sends.
ALTER TABLE notifications
    ADD COLUMN claim_token BIGINT NULL AFTER claimed_at;
