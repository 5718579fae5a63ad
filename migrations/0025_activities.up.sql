-- Deputy activities (README § Activities). status is draft, published or
-- cancelled; "finished" is a published activity whose end has passed. version counts
-- the published changes of time or venue (1 at publish): notices carry it in their
-- dedupe keys. invitees holds the draft's invitation ({"deputy_ids","station_id",
-- "group_id"}), resolved to activity_invitees at publish. secret keys the rotating
-- check-in code.
CREATE TABLE activities (
    id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    station_id       BIGINT UNSIGNED NOT NULL,
    group_id         BIGINT UNSIGNED NULL,
    kind             VARCHAR(32)    NOT NULL,
    title            VARCHAR(100)   NOT NULL,
    description      TEXT           NOT NULL,
    start_at         DATETIME(3)    NOT NULL,
    end_at           DATETIME(3)    NOT NULL,
    venue            VARCHAR(200)   NOT NULL DEFAULT '',
    latitude         DECIMAL(9,6)   NULL,
    longitude        DECIMAL(10,6)  NULL,
    checkin_radius_m INT UNSIGNED   NOT NULL,
    invitees         TEXT           NOT NULL,
    status           VARCHAR(12)    NOT NULL,
    version          INT UNSIGNED   NOT NULL DEFAULT 0,
    cancel_reason    VARCHAR(200)   NOT NULL DEFAULT '',
    secret           VARBINARY(32)  NOT NULL,
    created_by       BIGINT UNSIGNED NULL,
    published_at     DATETIME(3)    NULL,
    cancelled_at     DATETIME(3)    NULL,
    created_at       DATETIME(3)    NOT NULL,
    updated_at       DATETIME(3)    NOT NULL,
    PRIMARY KEY (id),
    KEY idx_activities_station (station_id, start_at),
    KEY idx_activities_due (status, start_at),
    CONSTRAINT fk_activities_station FOREIGN KEY (station_id) REFERENCES stations (id),
    CONSTRAINT fk_activities_group FOREIGN KEY (group_id) REFERENCES deputy_groups (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
