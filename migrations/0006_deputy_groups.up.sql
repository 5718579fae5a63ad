-- Deputy groups (代表小组, item 14): by area or by profession, with a convenor.
CREATE TABLE deputy_groups (
    id                 BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    name               VARCHAR(100) NOT NULL,
    kind               VARCHAR(16)  NOT NULL,
    topic              VARCHAR(50)  NOT NULL DEFAULT '',
    area_code          VARCHAR(12)  NOT NULL,
    convenor_deputy_id BIGINT UNSIGNED NULL,
    created_at         DATETIME(3)  NOT NULL,
    updated_at         DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    KEY idx_groups_area (area_code, id),
    CONSTRAINT fk_groups_area FOREIGN KEY (area_code) REFERENCES areas (code),
    CONSTRAINT fk_groups_convenor FOREIGN KEY (convenor_deputy_id) REFERENCES deputies (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
