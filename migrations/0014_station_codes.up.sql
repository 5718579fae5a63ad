-- The station's mini program code (wxacode.getUnlimited), kept so that WeChat is
-- asked once per station and page, not on every request.
CREATE TABLE station_codes (
    station_id BIGINT UNSIGNED NOT NULL,
    page       VARCHAR(128) NOT NULL,
    png        MEDIUMBLOB   NOT NULL,
    created_at DATETIME(3)  NOT NULL,
    PRIMARY KEY (station_id, page),
    CONSTRAINT fk_station_codes_station FOREIGN KEY (station_id) REFERENCES stations (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
