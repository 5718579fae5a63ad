CREATE TABLE role_stations (
    role_id    BIGINT UNSIGNED NOT NULL,
    station_id BIGINT UNSIGNED NOT NULL,
    PRIMARY KEY (role_id, station_id),
    KEY idx_role_stations_station (station_id),
    CONSTRAINT fk_rs_role FOREIGN KEY (role_id) REFERENCES user_roles (id) ON DELETE CASCADE,
    CONSTRAINT fk_rs_station FOREIGN KEY (station_id) REFERENCES stations (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
