-- An opinion entered by staff (a meeting's, a walk-in's) has no user_id, so the key of
-- 0067 does not hold its Idempotency-Key: two requests with the same key at once (a double
-- tap on a slow line) could both store it. The same key from the same staff member now
-- stores one opinion; the second request answers the first.
ALTER TABLE consultation_opinions
    ADD UNIQUE KEY uq_consultation_opinions_entered_idempotency (entered_by, idempotency_key);
