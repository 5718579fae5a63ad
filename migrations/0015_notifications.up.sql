-- Every notice is a row before it is a task (README § Notifications).
-- The unique dedupe key makes creating the same notice twice create one row;
-- the status moves pending → sending → sent → delivered, or to failed,
-- unknown (the provider may or may not have accepted it) or skipped.
CREATE TABLE notifications (
    id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    kind            VARCHAR(40)    NOT NULL,
    channel         VARCHAR(10)    NOT NULL,
    recipient_type  VARCHAR(10)    NOT NULL,
    recipient_id    BIGINT UNSIGNED NULL,
    station_id      BIGINT UNSIGNED NULL,
    openid          VARCHAR(64)    NULL,
    phone_enc       VARBINARY(128) NULL,
    template        VARCHAR(64)    NOT NULL DEFAULT '',
    params          TEXT           NOT NULL,
    subject         VARCHAR(64)    NOT NULL,
    dedupe_key      VARCHAR(191)   NOT NULL,
    status          VARCHAR(10)    NOT NULL,
    attempts        INT UNSIGNED   NOT NULL DEFAULT 0,
    last_error      VARCHAR(500)   NOT NULL DEFAULT '',
    provider_id     VARCHAR(64)    NULL,
    not_before      DATETIME(3)    NOT NULL,
    claimed_at      DATETIME(3)    NULL,
    sent_at         DATETIME(3)    NULL,
    delivered_at    DATETIME(3)    NULL,
    created_at      DATETIME(3)    NOT NULL,
    updated_at      DATETIME(3)    NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_notifications_dedupe (dedupe_key),
    KEY idx_notifications_due (status, not_before),
    KEY idx_notifications_subject (subject, id),
    KEY idx_notifications_provider (provider_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
