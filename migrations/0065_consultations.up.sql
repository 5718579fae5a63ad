-- A consultation (立法征询) on a draft regulation: its text as staff pasted it, the area
-- whose office runs it (a region or a city), and where it is consulted — every station of
-- that area (reach 'area') or the stations listed in consultation_stations (reach
-- 'stations'). Status: draft → open → closed → reviewed; the text is frozen from publish.
-- Both tables are new: a failure between them is undone by the down migration.
CREATE TABLE IF NOT EXISTS consultations (
    id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    title        VARCHAR(200) NOT NULL,
    explanation  TEXT         NOT NULL,
    body         MEDIUMTEXT   NOT NULL,
    area_code    VARCHAR(12)  NOT NULL,
    reach        VARCHAR(8)   NOT NULL DEFAULT 'area',
    opens_at     DATETIME(3)  NOT NULL,
    closes_at    DATETIME(3)  NOT NULL,
    status       VARCHAR(16)  NOT NULL DEFAULT 'draft',
    created_by   BIGINT UNSIGNED NULL,
    created_at   DATETIME(3)  NOT NULL,
    updated_at   DATETIME(3)  NOT NULL,
    published_at DATETIME(3)  NULL,
    closed_at    DATETIME(3)  NULL,
    reviewed_at  DATETIME(3)  NULL,
    PRIMARY KEY (id),
    KEY idx_consultations_status (status, closes_at),
    KEY idx_consultations_area (area_code, id),
    CONSTRAINT fk_consultations_area FOREIGN KEY (area_code) REFERENCES areas (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS consultation_stations (
    consultation_id BIGINT UNSIGNED NOT NULL,
    station_id      BIGINT UNSIGNED NOT NULL,
    PRIMARY KEY (consultation_id, station_id),
    KEY idx_consultation_stations_station (station_id),
    CONSTRAINT fk_consultation_stations_consultation FOREIGN KEY (consultation_id) REFERENCES consultations (id) ON DELETE CASCADE,
    CONSTRAINT fk_consultation_stations_station FOREIGN KEY (station_id) REFERENCES stations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
