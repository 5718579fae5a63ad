-- The attendance-guarantee notice to a deputy's employer: the link's token
-- (random, 128 bits) is looked up by its keyed hash and kept sealed for the
-- change and cancel SMS; the page records when it was opened and acknowledged.
CREATE TABLE employer_notices (
    id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    activity_id     BIGINT UNSIGNED NOT NULL,
    deputy_id       BIGINT UNSIGNED NOT NULL,
    token_hash      BINARY(32)      NOT NULL,
    token_enc       VARBINARY(128)  NOT NULL,
    opened_at       DATETIME(3)     NULL,
    acknowledged_at DATETIME(3)     NULL,
    created_at      DATETIME(3)     NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_employer_notices_token (token_hash),
    UNIQUE KEY uq_employer_notices_invitee (activity_id, deputy_id),
    CONSTRAINT fk_employer_notices_activity FOREIGN KEY (activity_id) REFERENCES activities (id) ON DELETE CASCADE,
    CONSTRAINT fk_employer_notices_deputy FOREIGN KEY (deputy_id) REFERENCES deputies (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
