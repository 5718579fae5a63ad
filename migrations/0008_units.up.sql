-- Handling units (承办单位): government bodies that answer transferred messages.
CREATE TABLE units (
    id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    name              VARCHAR(100)   NOT NULL,
    area_code         VARCHAR(12)    NOT NULL,
    contact_name      VARCHAR(50)    NOT NULL DEFAULT '',
    contact_phone_enc VARBINARY(128) NULL,
    created_at        DATETIME(3)    NOT NULL,
    updated_at        DATETIME(3)    NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_units_area_name (area_code, name),
    CONSTRAINT fk_units_area FOREIGN KEY (area_code) REFERENCES areas (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
