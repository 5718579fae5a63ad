-- The deputy's mini program code (wxacode.getUnlimited, scene d=<id>), kept so that
-- WeChat is asked once per deputy and page, as for the stations' codes.
CREATE TABLE deputy_codes (
    deputy_id  BIGINT UNSIGNED NOT NULL,
    page       VARCHAR(128) NOT NULL,
    png        MEDIUMBLOB   NOT NULL,
    created_at DATETIME(3)  NOT NULL,
    PRIMARY KEY (deputy_id, page),
    CONSTRAINT fk_deputy_codes_deputy FOREIGN KEY (deputy_id) REFERENCES deputies (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
