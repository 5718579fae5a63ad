-- Phone numbers are AES-GCM encrypted (phone_enc) with a keyed hash (phone_hash)
-- for lookup; the clear number is never stored.
CREATE TABLE deputies (
    id                  BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    name                VARCHAR(50)  NOT NULL,
    phone_enc           VARBINARY(128) NOT NULL,
    phone_hash          BINARY(32)   NOT NULL,
    levels              VARCHAR(64)  NOT NULL DEFAULT '',
    grassroots          TINYINT(1)   NOT NULL DEFAULT 0,
    employer_name       VARCHAR(100) NOT NULL DEFAULT '',
    employer_contact    VARCHAR(50)  NOT NULL DEFAULT '',
    employer_phone_enc  VARBINARY(128) NULL,
    employer_phone_hash BINARY(32)   NULL,
    active              TINYINT(1)   NOT NULL DEFAULT 1,
    created_at          DATETIME(3)  NOT NULL,
    updated_at          DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_deputies_phone (phone_hash),
    KEY idx_deputies_employer_phone (employer_phone_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
