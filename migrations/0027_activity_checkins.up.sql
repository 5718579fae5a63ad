-- Attendance: one row per deputy and activity (a second check-in finds the first).
-- method is code (scanned at the venue) or manual (recorded by staff, with a note).
-- The distance from the venue is kept, the phone's coordinates are not (PIPL).
CREATE TABLE activity_checkins (
    activity_id   BIGINT UNSIGNED NOT NULL,
    deputy_id     BIGINT UNSIGNED NOT NULL,
    method        VARCHAR(8)      NOT NULL,
    distance_m    INT UNSIGNED    NULL,
    note          VARCHAR(200)    NOT NULL DEFAULT '',
    recorded_by   BIGINT UNSIGNED NULL,
    checked_in_at DATETIME(3)     NOT NULL,
    PRIMARY KEY (activity_id, deputy_id),
    KEY idx_checkins_deputy (deputy_id),
    CONSTRAINT fk_checkins_activity FOREIGN KEY (activity_id) REFERENCES activities (id) ON DELETE CASCADE,
    CONSTRAINT fk_checkins_deputy FOREIGN KEY (deputy_id) REFERENCES deputies (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
