-- Mixed grouping (混合编组): deputies of several levels assigned to one station.
-- The station's convenor (召集人) is stations.convenor_deputy_id and must be a member.
CREATE TABLE station_deputies (
    station_id BIGINT UNSIGNED NOT NULL,
    deputy_id  BIGINT UNSIGNED NOT NULL,
    created_at DATETIME(3)     NOT NULL,
    PRIMARY KEY (station_id, deputy_id),
    KEY idx_station_deputies_deputy (deputy_id),
    CONSTRAINT fk_sd_station FOREIGN KEY (station_id) REFERENCES stations (id) ON DELETE CASCADE,
    CONSTRAINT fk_sd_deputy FOREIGN KEY (deputy_id) REFERENCES deputies (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
