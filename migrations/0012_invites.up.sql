-- One-time invites. Only a hash of the code is kept.
CREATE TABLE invites (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    code_hash   BINARY(32)    NOT NULL,
    role        VARCHAR(16)   NOT NULL,
    area_code   VARCHAR(12)   NULL,
    station_ids VARCHAR(1000) NOT NULL DEFAULT '',
    deputy_id   BIGINT UNSIGNED NULL,
    created_by  BIGINT UNSIGNED NULL,
    created_at  DATETIME(3)   NOT NULL,
    expires_at  DATETIME(3)   NOT NULL,
    redeemed_by BIGINT UNSIGNED NULL,
    redeemed_at DATETIME(3)   NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_invites_code (code_hash),
    CONSTRAINT fk_invites_redeemer FOREIGN KEY (redeemed_by) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
